package org.ecoeval.tracking.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The files of the self-check reports under one directory ({@code ecoeval.tracking.report.store-dir}): the evidence
 * copied at generation ({@code evidence/<evidence id>}, immutable: submission-service never changes a stored file) and
 * the signed data packages ({@code packages/}). Files are written to a temporary name and moved into place, so a
 * reader never sees half a file.
 */
@ApplicationScoped
public class ReportFileStore {

    @ConfigProperty(name = "ecoeval.tracking.report.store-dir")
    Path root;

    /** Size and SHA-256 of a file as written. */
    public record Written(Path path, long sizeBytes, String sha256) {
    }

    public Path evidence(String evidenceId) {
        if (!evidenceId.matches("[0-9a-fA-F-]{1,64}")) {
            throw new IllegalArgumentException("not an evidence id: " + evidenceId);
        }
        return root.resolve("evidence").resolve(evidenceId);
    }

    public Optional<Written> existing(String evidenceId, String sha256) {
        Path p = evidence(evidenceId);
        try {
            return Files.isRegularFile(p) ? Optional.of(new Written(p, Files.size(p), sha256)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams {@code in} into the evidence file of that id, hashing as it goes; never holds it in memory. */
    public Written storeEvidence(String evidenceId, InputStream in) throws IOException {
        return write(evidence(evidenceId), out -> in.transferTo(out));
    }

    public Path packages() {
        return root.resolve("packages");
    }

    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes a file by {@code content} (temporary name, then an atomic move); on failure nothing is left behind. */
    public Written write(Path target, Content content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
        try {
            MessageDigest sha = sha256();
            long size;
            try (OutputStream file = Files.newOutputStream(temp);
                    DigestOutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(file, 1 << 16),
                            sha)) {
                content.writeTo(out);
                out.flush();
            }
            size = Files.size(temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Written(target, size, HexFormat.of().formatHex(sha.digest()));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
