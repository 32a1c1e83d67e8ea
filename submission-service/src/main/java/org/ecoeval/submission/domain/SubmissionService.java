package org.ecoeval.submission.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.contracts.Topics;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.ecoeval.submission.domain.HistoryEntry.Action;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.submission.persistence.IntakeStatements;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The life of a submission: submit, revise (new version), head approval, bureau review. Every state change
 * writes its history entry and its {@link SubmissionEvent} to the outbox in the same transaction.
 * Authorisation (who may call what, what they may see) is the caller's; this class keeps the state rules.
 */
@ApplicationScoped
public class SubmissionService {
    private static final TypeReference<Map<String, BigDecimal>> SCORES = new TypeReference<>() {
    };

    @Inject
    PlanBook plans;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    IntakeStatements intake;

    /**
     * The rules of a submission version, in one place ({@link SubmissionRules#check}): the spreadsheet import checks
     * its drafts here, POST and PUT call the same rules with the evidence files read in their one statement, so a
     * rule added to {@link SubmissionRules} holds for every way a unit hands data in.
     *
     * @param fixedTask for a new version, the submission's task instance; null for a new submission
     */
    public SubmissionRules.Outcome check(KeptPlan plan, String unit, SubmissionDraft draft, String fixedTask) {
        return SubmissionRules.check(plan, unit, draft, fixedTask, this::evidenceRef);
    }

    /**
     * A new submission for one task instance of the actor's unit. Two statements before the commit, whatever the
     * draft references: the plan version with the evidence files, then the write ({@link IntakeStatements}).
     */
    @Transactional
    public Submission submit(String evaluationId, SubmissionDraft draft, Actor actor) {
        if (!EvaluationId.isWellFormed(evaluationId)) {
            throw ProblemException.notFound("evaluation");
        }
        IntakeStatements.Lookup found = intake.lookup(evaluationId, evidenceIds(draft));
        KeptPlan plan = plans.at(evaluationId, found.planVersion())
                .orElseThrow(() -> ProblemException.notFound("evaluation"));
        SubmissionRules.Outcome outcome = SubmissionRules.check(plan, actor.unit(), draft, null,
                evidenceLookup(found.evidence()));
        if (!outcome.valid()) {
            throw ProblemException.invalid(outcome.violations());
        }
        return create(plan, outcome, actor);
    }

    /** The evidence files read with the statement before; an id not among them (not a UUID, beyond the bound) alone. */
    private java.util.function.Function<String, Optional<SubmissionRules.EvidenceRef>> evidenceLookup(
            Map<String, IntakeStatements.EvidenceRow> found) {
        return id -> {
            IntakeStatements.EvidenceRow row = found.get(id);
            return row != null ? Optional.of(evidenceRef(row.evaluationId(), row.department(), row.mediaType()))
                    : evidenceRef(id);
        };
    }

    /** The evidence files a draft references that can exist (UUIDs), at most a bound the rules refuse beyond. */
    private static List<UUID> evidenceIds(SubmissionDraft draft) {
        if (draft == null) {
            return List.of();
        }
        java.util.Set<UUID> ids = new java.util.LinkedHashSet<>();
        java.util.stream.Stream.concat(draft.evidenceOrEmpty().stream(),
                draft.materialsOrEmpty().values().stream()
                        .flatMap(files -> files == null ? java.util.stream.Stream.empty() : files.stream()))
                .limit(4L * SubmissionRules.EVIDENCE_MAX).forEach(id -> {
                    try {
                        if (id != null) {
                            ids.add(UUID.fromString(id));
                        }
                    } catch (IllegalArgumentException notAnId) {
                        // the rules name it
                    }
                });
        return List.copyOf(ids);
    }

    /** Writes the first version of a submission whose draft passed {@link #check}, in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Submission create(KeptPlan plan, SubmissionRules.Outcome checked, Actor actor) {
        requireValid(checked);
        TaskInstance instance = checked.instance();
        Instant now = now();
        Submission s = new Submission();
        s.id = UUID.randomUUID();
        s.evaluationId = plan.evaluationId();
        s.countyCode = plan.countyCode();
        s.department = actor.unit();
        s.taskInstance = instance.id();
        s.status = plan.headApprovalRequired() ? SubmissionStatus.AWAITING_APPROVAL : SubmissionStatus.SUBMITTED;
        s.currentVersion = 1;
        s.late = isLate(instance, now);
        s.createdAt = now;
        s.submittedAt = now;
        s.updatedAt = now;
        SubmissionVersion v = version(s, plan, checked.content(), actor, now);
        HistoryEntry h = historyEntry(s, Action.SUBMITTED, actor, null, null, now);
        Optional<UUID> existing = intake.insertFirst(s, v, h,
                record(SubmissionEvent.Type.SubmissionSubmitted, s, v, checked.content(), null, null, now));
        if (existing.isPresent()) {
            throw ProblemException.conflict("submission-exists", "task instance " + s.taskInstance
                    + " already has submission " + existing.get() + "; send a new version with PUT /api/v1/submissions/"
                    + existing.get());
        }
        return s;
    }

    /**
     * Version n+1 of a submission that is not yet accepted. Two statements before the commit, as a first
     * submission: the locked submission with its plan version and evidence files, then the write.
     */
    @Transactional
    public Submission revise(UUID id, SubmissionDraft draft, Actor actor, java.util.function.Predicate<Submission> visible) {
        IntakeStatements.Revision found = intake.lockForRevision(id, evidenceIds(draft))
                .filter(r -> visible.test(r.submission())).orElseThrow(() -> ProblemException.notFound("submission"));
        Submission s = found.submission();
        if (!SubmissionRules.takesNewVersion(s.status)) {
            throw ProblemException.conflict("submission-accepted",
                    "submission " + id + " is accepted and final; it takes no new version");
        }
        KeptPlan plan = plans.at(s.evaluationId, found.planVersion())
                .orElseThrow(() -> ProblemException.notFound("evaluation"));
        SubmissionRules.Outcome outcome = SubmissionRules.check(plan, s.department, draft, s.taskInstance,
                evidenceLookup(found.evidence()));
        if (!outcome.valid()) {
            throw ProblemException.invalid(outcome.violations());
        }
        return addVersion(s, plan, outcome, actor);
    }

    /**
     * Writes version n+1 of a submission (locked by the caller, in a status that takes a new version, and not
     * tracked by Hibernate: read by {@link IntakeStatements#lockForRevision} or read-only) whose draft passed
     * {@link #check}, in one statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Submission addVersion(Submission s, KeptPlan plan, SubmissionRules.Outcome checked, Actor actor) {
        requireValid(checked);
        if (!SubmissionRules.takesNewVersion(s.status)) {
            throw new IllegalStateException("submission " + s.id + " is " + s.status + " and takes no new version");
        }
        Instant now = now();
        s.currentVersion += 1;
        s.status = plan.headApprovalRequired() ? SubmissionStatus.AWAITING_APPROVAL : SubmissionStatus.SUBMITTED;
        s.submittedAt = now;
        s.updatedAt = now;
        SubmissionVersion v = version(s, plan, checked.content(), actor, now);
        HistoryEntry h = historyEntry(s, Action.REVISED, actor, null, null, now);
        intake.insertVersion(s, v, h,
                record(SubmissionEvent.Type.SubmissionSubmitted, s, v, checked.content(), null, null, now));
        return s;
    }

    private static void requireValid(SubmissionRules.Outcome checked) {
        if (!checked.valid()) {
            throw new IllegalArgumentException("a draft that broke rules " + checked.violations() + " is not stored");
        }
    }

    /** The unit head's approval (status SUBMITTED) or rejection (status RETURNED) of the current version. */
    @Transactional
    public Submission approve(UUID id, Boolean approve, String comment, Actor actor,
            java.util.function.Predicate<Submission> visible) {
        List<Violation> violations = new ArrayList<>();
        if (approve == null) {
            violations.add(new Violation("approve", "required", "approve must be true or false"));
        } else if (!approve && (comment == null || comment.isBlank())) {
            violations.add(new Violation("comment", "required", "a rejection needs a comment for the department"));
        }
        checkComment(comment, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        Submission s = lockVisible(id, visible);
        if (s.status != SubmissionStatus.AWAITING_APPROVAL) {
            throw ProblemException.conflict("not-awaiting-approval",
                    "submission " + id + " is " + s.status + ", not AWAITING_APPROVAL");
        }
        Instant now = now();
        s.status = approve ? SubmissionStatus.SUBMITTED : SubmissionStatus.RETURNED;
        s.updatedAt = now;
        history(s, approve ? Action.APPROVED : Action.REJECTED_BY_HEAD, actor, comment, null, now);
        SubmissionVersion v = version(s.id, s.currentVersion);
        emit(approve ? SubmissionEvent.Type.SubmissionApproved : SubmissionEvent.Type.SubmissionReturned, s, v,
                content(v), null, approve ? null : comment, now);
        return s;
    }

    public enum Decision { ACCEPT, RETURN }

    /** The bureau's review of a submitted version: ACCEPT (with management item scores) or RETURN. */
    @Transactional
    public Submission review(UUID id, String decisionText, String comment, Map<String, BigDecimal> scores,
            Actor actor, java.util.function.Predicate<Submission> visible) {
        Submission s = lockVisible(id, visible);
        List<Violation> violations = new ArrayList<>();
        Decision decision = SubmissionRules.enumOf(Decision.class, decisionText);
        if (decisionText == null) {
            violations.add(new Violation("decision", "required", "decision must be ACCEPT or RETURN"));
        } else if (decision == null) {
            violations.add(new Violation("decision", "enum", "decision must be ACCEPT or RETURN"));
        }
        if (decision == Decision.RETURN) {
            if (comment == null || comment.isBlank()) {
                violations.add(new Violation("comment", "required", "a return needs a comment for the department"));
            }
            if (scores != null && !scores.isEmpty()) {
                violations.add(new Violation("managementScores", "not-allowed",
                        "management items are scored on acceptance only"));
            }
        }
        checkComment(comment, violations);
        if (decision == Decision.ACCEPT) {
            Plan.Task task = plans.find(s.evaluationId).flatMap(p -> p.instance(s.taskInstance).flatMap(p::taskOf))
                    .orElse(null);
            violations.addAll(SubmissionRules.checkManagementScores(task, scores));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        if (s.status != SubmissionStatus.SUBMITTED) {
            throw ProblemException.conflict("not-reviewable", "submission " + id + " is " + s.status
                    + "; only a SUBMITTED submission can be reviewed");
        }
        Instant now = now();
        Map<String, BigDecimal> sorted = decision == Decision.ACCEPT && scores != null ? new TreeMap<>(scores) : null;
        s.status = decision == Decision.ACCEPT ? SubmissionStatus.ACCEPTED : SubmissionStatus.RETURNED;
        s.updatedAt = now;
        if (sorted != null) {
            s.managementScoresJson = json(sorted);
        }
        history(s, decision == Decision.ACCEPT ? Action.ACCEPTED : Action.RETURNED, actor, comment, sorted, now);
        SubmissionVersion v = version(s.id, s.currentVersion);
        emit(decision == Decision.ACCEPT ? SubmissionEvent.Type.SubmissionAccepted
                : SubmissionEvent.Type.SubmissionReturned, s, v, content(v),
                decision == Decision.ACCEPT ? (sorted == null ? Map.of() : sorted) : null,
                decision == Decision.RETURN ? comment : null, now);
        return s;
    }

    // ---- reading ----

    public Optional<Submission> find(UUID id) {
        return Optional.ofNullable(Submission.findById(id));
    }

    /** The current version of a submission. */
    public SubmissionVersion currentVersion(Submission s) {
        return version(s.id, s.currentVersion);
    }

    public List<SubmissionVersion> versions(UUID id) {
        return SubmissionVersion.list("submissionId = ?1 order by version", id);
    }

    public List<HistoryEntry> history(UUID id) {
        return HistoryEntry.list("submissionId = ?1 order by id", id);
    }

    public VersionContent content(SubmissionVersion v) {
        try {
            return mapper.readValue(v.contentJson, VersionContent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored version " + v.submissionId + "/" + v.version + " unreadable", e);
        }
    }

    public Map<String, BigDecimal> scores(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, SCORES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored management scores unreadable", e);
        }
    }

    // ---- internals ----

    private Submission lockVisible(UUID id, java.util.function.Predicate<Submission> visible) {
        Submission s = Submission.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (s == null || !visible.test(s)) {
            throw ProblemException.notFound("submission");
        }
        return s;
    }

    private static void checkComment(String comment, List<Violation> violations) {
        if (comment != null && comment.length() > SubmissionRules.NOTE_MAX) {
            violations.add(new Violation("comment", "length",
                    "the comment is longer than " + SubmissionRules.NOTE_MAX + " characters"));
        }
    }

    private Optional<SubmissionRules.EvidenceRef> evidenceRef(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Evidence e = Evidence.findById(uuid);
        return e == null ? Optional.empty() : Optional.of(evidenceRef(e.evaluationId, e.department, e.contentType));
    }

    private static SubmissionRules.EvidenceRef evidenceRef(String evaluationId, String department, String mediaType) {
        return new SubmissionRules.EvidenceRef(evaluationId, department, typeOf(mediaType));
    }

    /** The sniffed type's name (PDF, OFD, …) of a stored media type; null for one the sniffer does not name. */
    static String typeOf(String mediaType) {
        for (ContentSniffer.FileType t : ContentSniffer.FileType.values()) {
            if (t.mediaType.equals(mediaType)) {
                return t.name();
            }
        }
        return null;
    }

    static boolean isLate(TaskInstance instance, Instant at) {
        return instance.dueAt() != null && at.isAfter(instance.dueAt());
    }

    private SubmissionVersion version(Submission s, KeptPlan plan, VersionContent content, Actor actor, Instant now) {
        SubmissionVersion v = new SubmissionVersion();
        v.submissionId = s.id;
        v.version = s.currentVersion;
        v.contentJson = json(content);
        v.submittedBy = actor.name();
        v.submittedAt = now;
        v.late = plan.instance(s.taskInstance).map(i -> isLate(i, now)).orElse(s.late);
        return v;
    }

    private SubmissionVersion version(UUID id, int version) {
        return SubmissionVersion.findById(new SubmissionVersion.Key(id, version));
    }

    private void history(Submission s, Action action, Actor actor, String comment, Map<String, BigDecimal> scores,
            Instant now) {
        historyEntry(s, action, actor, comment, scores, now).persist();
    }

    private HistoryEntry historyEntry(Submission s, Action action, Actor actor, String comment,
            Map<String, BigDecimal> scores, Instant now) {
        HistoryEntry h = new HistoryEntry();
        h.submissionId = s.id;
        h.version = s.currentVersion;
        h.action = action;
        h.actor = actor.name();
        h.actorRole = actor.role();
        h.statusAfter = s.status;
        h.comment = comment;
        h.managementScoresJson = scores == null ? null : json(scores);
        h.at = now;
        return h;
    }

    /**
     * The submission's current state as the event that published it (same version, status, content, scores and time)
     * under an id of its own: what scoring's reconciliation compares with what it holds and applies where it lacks it.
     */
    public SubmissionEvent currentState(Submission s) {
        SubmissionVersion v = version(s.id, s.currentVersion);
        SubmissionEvent.Type type = switch (s.status) {
            case AWAITING_APPROVAL, SUBMITTED -> SubmissionEvent.Type.SubmissionSubmitted;
            case RETURNED -> SubmissionEvent.Type.SubmissionReturned;
            case ACCEPTED -> SubmissionEvent.Type.SubmissionAccepted;
        };
        Map<String, BigDecimal> scores = s.status == SubmissionStatus.ACCEPTED
                ? java.util.Objects.requireNonNullElse(scores(s.managementScoresJson), Map.of()) : null;
        String id = "state:" + s.id + ":" + v.version + ":" + s.status + ":" + s.updatedAt;
        return event(id, type, s, v, content(v), scores, null, s.updatedAt);
    }

    /** The one way a submission's state becomes an event: the outbox's and the reconciliation's alike. */
    private static SubmissionEvent event(String eventId, SubmissionEvent.Type type, Submission s, SubmissionVersion v,
            VersionContent content, Map<String, BigDecimal> scores, String comment, Instant time) {
        return new SubmissionEvent(eventId, type, s.id.toString(), v.version, s.evaluationId, s.department,
                s.taskInstance, s.status, content.values(), content.patches(), content.events(),
                scores == null ? null : new LinkedHashMap<>(scores), time, v.submittedAt, s.late,
                content.materials().isEmpty() ? null : new LinkedHashMap<>(content.materials()), comment);
    }

    private void emit(SubmissionEvent.Type type, Submission s, SubmissionVersion v, VersionContent content,
            Map<String, BigDecimal> scores, Instant now) {
        emit(type, s, v, content, scores, null, now);
    }

    /** {@code comment}: a return's, so that tracking can announce it to the unit. */
    private void emit(SubmissionEvent.Type type, Submission s, SubmissionVersion v, VersionContent content,
            Map<String, BigDecimal> scores, String comment, Instant now) {
        outbox.append(record(type, s, v, content, scores, comment, now));
    }

    private OutboxMessage record(SubmissionEvent.Type type, Submission s, SubmissionVersion v, VersionContent content,
            Map<String, BigDecimal> scores, String comment, Instant now) {
        SubmissionEvent event = event(UUID.randomUUID().toString(), type, s, v, content, scores, comment, now);
        return new OutboxMessage(Topics.SUBMISSIONS, event.evaluationId(), event.eventId(), type.name(), json(event));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Microsecond precision, as PostgreSQL stores it, so that what is answered equals what is read back. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
