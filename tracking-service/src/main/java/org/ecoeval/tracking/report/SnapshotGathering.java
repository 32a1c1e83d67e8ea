package org.ecoeval.tracking.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.Plan;
import org.ecoeval.platform.problem.Problem;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.tracking.domain.PlanService;
import org.ecoeval.tracking.domain.ReportSnapshot;
import org.ecoeval.tracking.domain.ReportSnapshot.EvidenceFile;
import org.ecoeval.tracking.domain.ReportSnapshot.SubmissionAsOf;
import org.ecoeval.tracking.persistence.AlertStore;
import org.ecoeval.tracking.persistence.ReportFileStore;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Gathers a report's snapshot as of one instant: the score of both readings from scoring-service ({@code asOf}), the
 * submissions from submission-service trimmed to what stood at {@code asOf}, their evidence copied into the report
 * store (streamed and checked against the SHA-256 submission-service names), tracking's own plan and alerts.
 */
@ApplicationScoped
public class SnapshotGathering {
    private static final Logger LOG = Logger.getLogger(SnapshotGathering.class);
    private static final int PAGE_SIZE = 200;

    @Inject
    PeerServices peers;

    @Inject
    PlanService plans;

    @Inject
    AlertStore alerts;

    @Inject
    ReportFileStore files;

    @Inject
    ObjectMapper mapper;

    public ReportSnapshot gather(String evaluationId, Instant asOf, String token) {
        PlanService.CurrentPlan current = plans.current(evaluationId)
                .orElseThrow(() -> ProblemException.notFound("plan of " + evaluationId));
        String e = URLEncoder.encode(evaluationId, StandardCharsets.UTF_8);
        String at = URLEncoder.encode(asOf.toString(), StandardCharsets.UTF_8);
        JsonNode provisional = peers.scoring("/api/v1/evaluations/" + e + "/score?reading=provisional&asOf=" + at, token);
        JsonNode confirmed = peers.scoring("/api/v1/evaluations/" + e + "/score?reading=confirmed&asOf=" + at, token);
        JsonNode impact = peers.scoring("/api/v1/evaluations/" + e + "/score/impact?reading=provisional", token);

        List<SubmissionAsOf> submissions = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode list = peers.submissions("/api/v1/evaluations/" + e + "/submissions?page=" + page + "&pageSize="
                    + PAGE_SIZE, token);
            for (JsonNode item : list.path("items")) {
                JsonNode view = peers.submissions("/api/v1/submissions/"
                        + URLEncoder.encode(item.path("id").asText(), StandardCharsets.UTF_8), token);
                ReportSnapshot.asOf(mapper.convertValue(view, ReportSnapshot.SubmissionView.class), asOf)
                        .ifPresent(submissions::add);
            }
            if (page + 1 >= list.path("totalPages").asInt(0)) {
                break;
            }
        }
        submissions.sort(java.util.Comparator.comparing(SubmissionAsOf::department).thenComparing(SubmissionAsOf::task)
                .thenComparing(SubmissionAsOf::id));

        List<EvidenceFile> evidence = new ArrayList<>();
        for (SubmissionAsOf s : submissions) {
            Set<String> named = new LinkedHashSet<>();
            for (Map.Entry<String, List<String>> m : new java.util.TreeMap<>(s.materials()).entrySet()) {
                for (String id : m.getValue()) {
                    named.add(id);
                    evidence.add(copy(id, s.department(), s.task(), m.getKey(), token));
                }
            }
            for (String id : s.evidence()) {
                if (named.add(id)) {
                    evidence.add(copy(id, s.department(), s.task(), null, token));
                }
            }
        }

        List<ReportSnapshot.AlertEntry> raised = alerts.alerts(evaluationId, null, null, null).stream()
                .filter(a -> !a.raisedAt().isAfter(asOf))
                .map(a -> new ReportSnapshot.AlertEntry(a.alertId().toString(), a.instanceId(), a.department(),
                        a.level(), a.dueAt(), a.raisedAt(), a.recipients(),
                        a.acknowledgedAt() != null && !a.acknowledgedAt().isAfter(asOf) ? a.acknowledgedAt() : null,
                        a.acknowledgedAt() != null && !a.acknowledgedAt().isAfter(asOf) ? a.acknowledgedBy() : null,
                        a.comment()))
                .toList();
        return new ReportSnapshot(evaluationId, 0, asOf, current.version(), withoutWebhooks(current.plan()),
                current.instances(), provisional, confirmed, impact, submissions, evidence, raised);
    }

    /** The report goes to the region: no webhook address (it may carry credentials) leaves with it. */
    private static Plan withoutWebhooks(Plan p) {
        List<Plan.Supervisor> supervisors = p.supervisors() == null ? null
                : p.supervisors().stream().map(s -> new Plan.Supervisor(s.name(), s.email(), null, null)).toList();
        return new Plan(p.county(), p.year(), p.comparisonYear(), p.methodology(), p.timeZone(),
                p.requireHeadApproval(), p.departments(), supervisors, p.tasks(), p.escalation(), p.calendar(),
                p.dueOnNonWorkingDay());
    }

    /**
     * Copies one evidence file into the report store (once: a stored file never changes), checking its SHA-256
     * against the one submission-service names; a file that cannot be read fails the generation.
     */
    private EvidenceFile copy(String evidenceId, String department, String task, String material, String token) {
        try {
            java.nio.file.Path meta = files.evidence(evidenceId).resolveSibling(evidenceId + ".json");
            if (Files.isRegularFile(meta) && Files.isRegularFile(files.evidence(evidenceId))) {
                EvidenceFile known = mapper.readValue(meta.toFile(), EvidenceFile.class);
                return new EvidenceFile(evidenceId, department, task, material, known.filename(), known.contentType(),
                        known.sizeBytes(), known.sha256());
            }
            PeerServices.Download d = peers.evidence(evidenceId, token);
            ReportFileStore.Written w;
            try (InputStream in = d.body()) {
                w = files.storeEvidence(evidenceId, in);
            }
            if (d.sha256() != null && !d.sha256().equalsIgnoreCase(w.sha256())) {
                Files.deleteIfExists(w.path());
                throw new ProblemException(Problem.of(502, "evidence-corrupt", "Bad Gateway", "evidence " + evidenceId
                        + " arrived with SHA-256 " + w.sha256() + ", submission-service names " + d.sha256()
                        + "; the report was not generated"));
            }
            EvidenceFile f = new EvidenceFile(evidenceId, department, task, material, d.filename(), d.contentType(),
                    w.sizeBytes(), w.sha256());
            files.write(meta, out -> out.write(mapper.writeValueAsBytes(f)));
            LOG.infof("evidence %s (%s, %d bytes) of %s/%s copied for the report", evidenceId, d.filename(),
                    w.sizeBytes(), department, task);
            return f;
        } catch (IOException ex) {
            throw new UncheckedIOException("copying evidence " + evidenceId + " for the report", ex);
        }
    }
}
