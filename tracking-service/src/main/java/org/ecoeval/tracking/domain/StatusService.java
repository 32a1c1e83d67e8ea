package org.ecoeval.tracking.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.Plan;
import org.ecoeval.tracking.persistence.PlanStore;
import org.ecoeval.tracking.persistence.TaskStore;

/**
 * Completion status of an evaluation and its entity tag. The status changes only when the evaluation's
 * revision changes (a plan version or a submission event) or when a due time passes (an open task turns
 * overdue), so the tag is {@code "<revision>.<number of due times passed>"}: answering a conditional
 * request costs one primary-key lookup and a binary search over cached due times, never the status query.
 */
@ApplicationScoped
public class StatusService {

    public record Status(String evaluationId, int planVersion, String county, List<StatusCalculator.Row> departments,
            StatusCalculator.Row totals) {
    }

    public record Tagged(String etag, Status status) {
    }

    private record DueIndex(long revision, long[] dueEpochMillis) {
    }

    @Inject
    PlanStore plans;

    @Inject
    TaskStore tasks;

    @Inject
    PlanService planService;

    @Inject
    Clock clock;

    @Inject
    MaterialsJson materials;

    private final Map<String, DueIndex> dueIndexes = new ConcurrentHashMap<>();

    /** The current entity tag (quoted), or empty when the evaluation has no plan. */
    public Optional<String> etag(String evaluationId) {
        long revision = plans.revision(evaluationId);
        if (revision < 0) {
            return Optional.empty();
        }
        return Optional.of(tag(revision, passed(evaluationId, revision, clock.instant())));
    }

    public Optional<Tagged> status(String evaluationId) {
        Instant now = clock.instant();
        long revision = plans.revision(evaluationId);
        Optional<PlanService.CurrentPlan> current = planService.current(evaluationId);
        if (revision < 0 || current.isEmpty()) {
            return Optional.empty();
        }
        Plan plan = current.get().plan();
        List<StatusCalculator.Unit> units = plan.departments().stream()
                .map(d -> new StatusCalculator.Unit(d.code(), d.name())).toList();
        Map<String, Plan.Task> byId = new java.util.HashMap<>();
        plan.tasks().forEach(t -> byId.put(t.id(), t));
        StatusCalculator.Status s = StatusCalculator.compute(plan.county().name(), units,
                tasks.snapshots(evaluationId, null), i -> materialCounts(byId.get(i.taskId()), i.materials()), now);
        // the tag is taken with the same clock reading; a change racing the query only makes the next
        // conditional request miss once
        String etag = tag(revision, passed(evaluationId, revision, now));
        return Optional.of(new Tagged(etag, new Status(evaluationId, current.get().version(),
                plan.county().name(), s.departments(), s.totals())));
    }

    private int[] materialCounts(Plan.Task task, String materialsJson) {
        List<TaskMaterials.MaterialView> views = TaskMaterials.of(task, materials.read(materialsJson));
        int required = (int) views.stream().filter(TaskMaterials.MaterialView::required).count();
        int provided = (int) views.stream().filter(m -> m.required() && m.provided()).count();
        return new int[] { required, provided };
    }

    private int passed(String evaluationId, long revision, Instant now) {
        DueIndex index = dueIndexes.get(evaluationId);
        if (index == null || index.revision() != revision) {
            long[] dues = plans.dueTimes(evaluationId).stream().mapToLong(Instant::toEpochMilli).toArray();
            index = new DueIndex(revision, dues);
            dueIndexes.put(evaluationId, index);
        }
        int at = Arrays.binarySearch(index.dueEpochMillis(), now.toEpochMilli());
        // due times at or before now have passed
        return at >= 0 ? at + 1 : -at - 1;
    }

    private static String tag(long revision, int passed) {
        return "\"" + revision + "." + passed + "\"";
    }
}
