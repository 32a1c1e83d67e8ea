package org.ecoeval.submission.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.ecoeval.platform.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Bulk intake from a spreadsheet (architecture.md, "Bulk intake"): one submission per task instance, created or
 * revised through the same rule check and the same writes as POST and PUT ({@link SubmissionService#check},
 * {@link SubmissionService#create}, {@link SubmissionService#addVersion}), so events, history, lateness and head
 * approval are those of any submission.
 *
 * <p>Every task is checked before anything is written. Atomic (the default): one conflict anywhere and nothing is
 * written. Not atomic: the tasks whose rows all pass are written, the others not at all (refused when none
 * passes). A dry run writes nothing
 * and answers what the import would do. A task whose draft says what its current version says is unchanged (no
 * new version), so the same file sent twice changes nothing the second time.
 */
@ApplicationScoped
public class BulkIntakeService {
    private static final Logger LOG = Logger.getLogger(BulkIntakeService.class);

    public record Outcome(boolean dryRun, boolean atomic, boolean refused, int rows, int created, int revised,
            int unchanged, int ignored, List<IntakeSheet.Conflict> conflicts) {
    }

    private enum Action { CREATE, REVISE, UNCHANGED, CONFLICT }

    private record TaskPlan(IntakeSheet.TaskRows rows, Action action, Submission existing,
            SubmissionRules.Outcome checked) {
    }

    @Inject
    PlanBook plans;

    @Inject
    SubmissionService submissions;

    @Inject
    EntityManager em;

    @Transactional
    public Outcome run(String evaluationId, Spreadsheet sheet, Actor actor, boolean dryRun, boolean atomic) {
        KeptPlan plan = plans.find(evaluationId).orElseThrow(() -> ProblemException.notFound("evaluation"));
        IntakeSheet.Parsed parsed = IntakeSheet.read(sheet);
        Map<String, Submission> existing = existingOf(evaluationId, actor.unit(), !dryRun);

        List<IntakeSheet.Conflict> conflicts = new ArrayList<>(parsed.conflicts());
        List<TaskPlan> tasks = new ArrayList<>();
        for (IntakeSheet.TaskRows rows : parsed.tasks()) {
            if (rows.valueCount() == 0 && !rows.broken()) {
                continue; // only blank template rows: nothing handed in for this task
            }
            Submission s = existing.get(rows.task());
            VersionContent current = s == null ? null : submissions.content(submissions.currentVersion(s));
            IntakeSheet.Draft draft = IntakeSheet.draft(rows, current);
            SubmissionRules.Outcome checked = submissions.check(plan, actor.unit(), draft.draft(),
                    s == null ? null : s.taskInstance);
            List<IntakeSheet.Conflict> own = IntakeSheet.conflicts(rows, draft, checked.violations());
            Action action;
            if (!own.isEmpty() || rows.broken()) {
                action = Action.CONFLICT;
            } else if (s == null) {
                action = Action.CREATE;
            } else if (IntakeSheet.same(checked.content(), current)) {
                action = Action.UNCHANGED;
            } else if (!SubmissionRules.takesNewVersion(s.status)) {
                own = IntakeSheet.onEveryRow(rows, "submission-accepted", "submission " + s.id + " of task "
                        + s.taskInstance + " is accepted and final; its values can no longer change");
                action = Action.CONFLICT;
            } else {
                action = Action.REVISE;
            }
            conflicts.addAll(own);
            tasks.add(new TaskPlan(rows, action, s, checked));
        }
        conflicts.sort(java.util.Comparator.comparingInt(IntakeSheet.Conflict::row));

        boolean anyPasses = tasks.stream().anyMatch(t -> t.action != Action.CONFLICT);
        // Refused: conflicts, and either the import is atomic or not one task passes.
        boolean refused = !conflicts.isEmpty() && (atomic || !anyPasses);
        boolean write = !dryRun && !refused;
        int created = 0;
        int revised = 0;
        int unchanged = 0;
        for (TaskPlan t : tasks) {
            switch (t.action) {
                case CREATE -> {
                    if (write) {
                        submissions.create(plan, t.checked, actor);
                    }
                    created++;
                }
                case REVISE -> {
                    if (write) {
                        submissions.addVersion(t.existing, plan, t.checked, actor);
                    }
                    revised++;
                }
                case UNCHANGED -> unchanged++;
                case CONFLICT -> {
                }
            }
        }
        if (refused) {
            created = 0;
            revised = 0;
            unchanged = 0;
        }
        LOG.infof("import into %s by %s of %s: %d rows, %d created, %d revised, %d unchanged, %d conflicts%s",
                evaluationId, actor.name(), actor.unit(), parsed.rows(), created, revised, unchanged, conflicts.size(),
                dryRun ? " (dry run)" : refused ? " (nothing imported)" : "");
        return new Outcome(dryRun, atomic, refused, parsed.rows(), created, revised, unchanged, parsed.ignored(),
                conflicts);
    }

    /**
     * The unit's submissions in the evaluation, by task instance; locked for the import's transaction unless it
     * only looks, so that nothing changes between the check and the write.
     */
    private Map<String, Submission> existingOf(String evaluationId, String unit, boolean lock) {
        // read-only: a new version is written by SubmissionService in one statement, not flushed by Hibernate
        var query = em.createQuery("from Submission where evaluationId = :e and department = :d", Submission.class)
                .setParameter("e", evaluationId).setParameter("d", unit)
                .setHint(org.hibernate.jpa.HibernateHints.HINT_READ_ONLY, true);
        if (lock) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        Map<String, Submission> byTask = new HashMap<>();
        for (Submission s : query.getResultList()) {
            byTask.put(s.taskInstance, s);
        }
        return byTask;
    }
}
