package org.ecoeval.submission.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.ecoeval.platform.problem.Problem;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.ecoeval.submission.persistence.ContentStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Evidence files: type by content, bytes streamed into the content store, metadata per unit and evaluation.
 * The same bytes uploaded again by the same unit (in the same evaluation) are the same evidence.
 */
@ApplicationScoped
public class EvidenceService {

    @Inject
    ContentStore store;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "ecoeval.submission.evidence.max-size", defaultValue = "50M")
    MemorySize maxSize;

    public long maxBytes() {
        return maxSize.asLongValue();
    }

    /** The outcome of an upload: the evidence, and whether it was new. */
    public record Registered(Evidence evidence, boolean created) {
    }

    /** Bytes already in the store, with the type their content showed. */
    public record Received(ContentStore.Stored stored, ContentSniffer.FileType type) {
    }

    /**
     * Takes in the uploaded file at {@code upload} (the multipart part, spooled to disk by the HTTP layer):
     * checks its size, decides its type by content and streams it into the store. Runs outside any database
     * transaction, so that a slow 50 MiB copy holds no connection. Nothing is read into memory but its first
     * bytes.
     */
    public Received receive(Path upload) {
        long limit = maxBytes();
        try {
            if (Files.size(upload) > limit) {
                throw tooLarge(limit);
            }
            byte[] head;
            try (InputStream in = Files.newInputStream(upload)) {
                head = in.readNBytes(ContentSniffer.HEAD_BYTES);
            }
            ContentSniffer.FileType type = ContentSniffer.sniff(head, () -> {
                try {
                    return Files.newInputStream(upload);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElseThrow(() -> new ProblemException(Problem.of(415, "unsupported-file-type",
                    "Unsupported file type", "evidence must be PDF, OFD, JPEG, PNG, DOCX, XLSX or ZIP by content")
                    .withViolations(List.of(new Violation("file", "file-type",
                            "the content is not PDF, OFD, JPEG, PNG, DOCX, XLSX or ZIP (decided by its bytes, "
                                    + "not by its name)")))));
            try (InputStream in = Files.newInputStream(upload)) {
                return new Received(store.put(in, limit), type);
            }
        } catch (ContentStore.TooLargeException e) {
            throw tooLarge(limit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the evidence file", e);
        }
    }

    /**
     * Records received bytes as evidence of {@code unit}; the same bytes already recorded for the unit in this
     * evaluation are that evidence again (the first name is kept).
     */
    @Transactional
    public Registered record(String evaluationId, String countyCode, String unit, Actor actor, Received received,
            String clientName) {
        ContentStore.Stored stored = received.stored();
        // Serialises concurrent uploads of the same bytes by the same unit.
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtext(:k))) as l")
                .setParameter("k", "evidence:" + evaluationId + ":" + unit + ":" + stored.sha256())
                .getSingleResult();
        Evidence existing = Evidence.find("evaluationId = ?1 and department = ?2 and sha256 = ?3", evaluationId,
                unit, stored.sha256()).firstResult();
        if (existing != null) {
            return new Registered(existing, false);
        }
        Evidence e = new Evidence();
        e.id = UUID.randomUUID();
        e.evaluationId = evaluationId;
        e.countyCode = countyCode;
        e.department = unit;
        e.sha256 = stored.sha256();
        e.sizeBytes = stored.sizeBytes();
        e.contentType = received.type().mediaType;
        e.filename = FileNames.sanitise(clientName, "evidence" + received.type().extension);
        e.uploadedBy = actor.name();
        e.uploadedAt = SubmissionService.now();
        e.persist();
        return new Registered(e, true);
    }

    public Optional<Evidence> find(UUID id) {
        return Optional.ofNullable(Evidence.findById(id));
    }

    public Optional<InputStream> open(Evidence e) {
        try {
            return store.open(e.sha256);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "file-too-large", "File too large",
                "an evidence file may have at most " + limit + " bytes")
                .withViolations(List.of(new Violation("file", "max-size",
                        "the file is larger than " + limit + " bytes (" + (limit / (1024 * 1024)) + " MiB)"))));
    }
}
