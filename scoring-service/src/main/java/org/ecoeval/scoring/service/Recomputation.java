package org.ecoeval.scoring.service;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.scoring.api.RecomputeReport;
import org.ecoeval.scoring.domain.DeltaEiEngine;
import org.ecoeval.scoring.domain.ScoreInputs;
import org.ecoeval.scoring.domain.ScoreResult;
import org.ecoeval.scoring.domain.SubmissionInputs;
import org.ecoeval.scoring.persistence.EvaluationStore;
import org.ecoeval.scoring.persistence.HistoryStore;
import org.ecoeval.scoring.persistence.PlanStore;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.persistence.ScoreState;
import org.ecoeval.scoring.persistence.ScoreStateStore;
import org.ecoeval.scoring.persistence.StoredPlan;
import org.ecoeval.scoring.persistence.SubmissionHead;
import org.ecoeval.scoring.persistence.SubmissionStore;
import org.ecoeval.platform.problem.ProblemException;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;

/**
 * The admin's full recomputation: every stored submission that counts in a reading is handed to the engine's
 * reference path ({@link ScoreInputs#resolve} and {@link DeltaEiEngine#fullRecompute}), and the result is compared
 * with what the incremental state serves and with a fresh evaluation of its persisted terms. Runs under the
 * evaluation's lock, so no event changes the inputs meanwhile.
 */
@ApplicationScoped
public class Recomputation {
    private static final Logger LOG = Logger.getLogger(Recomputation.class);
    /** methodology.md: the incremental result equals a full recomputation to 1e-9. */
    static final BigDecimal TOLERANCE = new BigDecimal("1e-9");

    @Inject
    AgroalDataSource dataSource;
    @Inject
    EvaluationStore evaluations;
    @Inject
    PlanStore plans;
    @Inject
    SubmissionStore submissions;
    @Inject
    ScoreStateStore states;
    @Inject
    ScoreKeeper keeper;
    @Inject
    Engines engines;
    @Inject
    PublishedStates publishedStates;
    @Inject
    Ingestion ingestion;

    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = "ecoeval.scoring.rebuild-transaction-timeout")
    public RecomputeReport recompute(String evaluationId, String bearerToken) {
        List<SubmissionEvent> published = null;
        String unavailable = null;
        try {
            if (bearerToken == null) {
                throw new IllegalStateException("no caller's token to ask submission-service with");
            }
            published = publishedStates.of(evaluationId, bearerToken);
        } catch (IllegalStateException e) {
            unavailable = e.getMessage();
            LOG.warnf("recompute of %s: cannot compare with what submission-service published: %s", evaluationId,
                    unavailable);
        }
        try (Connection c = dataSource.getConnection()) {
            if (!evaluations.lockExisting(c, evaluationId)) {
                throw ProblemException.notFound("evaluation " + evaluationId);
            }
            Optional<StoredPlan> found = plans.find(c, evaluationId);
            if (found.isEmpty()) {
                throw ProblemException.conflict("no-plan", "no plan received for " + evaluationId
                        + " yet: there is no methodology to compute with");
            }
            StoredPlan plan = found.get();
            RecomputeReport.Reconciliation reconciliation = reconcile(c, evaluationId, published, unavailable);
            DeltaEiEngine engine = engines.of(plan.methodology());
            Map<Reading, List<SubmissionInputs>> counting = new EnumMap<>(Reading.class);
            for (Reading r : Reading.values()) {
                counting.put(r, new ArrayList<>());
            }
            long[] stored = { 0 };
            submissions.forEach(c, evaluationId, s -> {
                stored[0]++;
                for (Reading r : Reading.values()) {
                    if (s.countsIn(r)) {
                        counting.get(r).add(ScoreKeeper.inputs(s, plan));
                    }
                }
            });
            List<RecomputeReport.ReadingReport> reports = new ArrayList<>();
            boolean differed = false;
            for (Reading r : Reading.values()) {
                ScoreResult full = engine.fullRecompute(
                        ScoreInputs.resolve(plan.evaluationYear(), plan.comparisonYear(), counting.get(r)));
                ScoreResult terms = keeper.incrementalResult(c, plan, r);
                Optional<ScoreState> served = states.state(c, evaluationId, r);
                List<String> differences = new ArrayList<>();
                compare("incremental", terms, full, differences);
                if (served.isEmpty()) {
                    differences.add("no state is kept for this reading");
                } else {
                    ScoreState s = served.get();
                    if (s.deltaEI().subtract(full.deltaEI()).abs().compareTo(TOLERANCE) > 0) {
                        differences.add("served deltaEI " + s.deltaEI().toPlainString() + " ≠ full "
                                + full.deltaEI().toPlainString());
                    }
                    if (!s.grade().equals(full.grade())) {
                        differences.add("served grade " + s.grade() + " ≠ full " + full.grade());
                    }
                    if (s.complete() != full.complete()) {
                        differences.add("served complete " + s.complete() + " ≠ full " + full.complete());
                    }
                }
                differed |= !differences.isEmpty();
                reports.add(new RecomputeReport.ReadingReport(r.label(), !differences.isEmpty(),
                        served.map(s -> new RecomputeReport.Side(s.deltaEI(), s.deltaEIRounded(), s.grade(),
                                s.complete())).orElse(null),
                        new RecomputeReport.Side(full.deltaEI(), full.deltaEIRounded(), full.grade(), full.complete()),
                        counting.get(r).size(), differences));
            }
            if (differed) {
                LOG.errorf("recompute of %s found a difference from the incremental state: %s; rebuilding it",
                        evaluationId, reports);
                keeper.rebuild(c, plan, new ScoreKeeper.CauseOf(HistoryStore.Cause.RECOMPUTE, null, null, null));
            }
            return new RecomputeReport(evaluationId, Instant.now(), differed, differed, stored[0], reports,
                    reconciliation);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recompute " + evaluationId, e);
        }
    }

    /**
     * Applies every published state scoring lacks (an event that never reached it: dead-lettered, or lost behind its
     * back), before the comparison, so the full recomputation starts from everything submission-service published.
     */
    private RecomputeReport.Reconciliation reconcile(Connection c, String evaluationId, List<SubmissionEvent> published,
            String unavailable) throws SQLException {
        if (published == null) {
            return new RecomputeReport.Reconciliation(0, 0, List.of(), unavailable);
        }
        List<SubmissionEvent> ours = published.stream().filter(e -> evaluationId.equals(e.evaluationId())).toList();
        Map<String, SubmissionHead> held = submissions.heads(c, ours.stream().map(SubmissionEvent::submissionId).toList());
        List<RecomputeReport.Gap> gaps = new ArrayList<>();
        for (SubmissionEvent e : ingestion.reconcile(ours)) {
            SubmissionHead h = held.get(e.submissionId());
            gaps.add(new RecomputeReport.Gap(e.submissionId(), e.department(), e.task(), e.version(), e.status().name(),
                    h == null ? null : h.version(), h == null ? null : h.status().name()));
        }
        if (!gaps.isEmpty()) {
            LOG.errorf("recompute of %s: %d published submission states had not reached scoring; applied: %s",
                    evaluationId, gaps.size(), gaps);
        }
        return new RecomputeReport.Reconciliation(ours.size(), gaps.size(), gaps, null);
    }

    private static void compare(String side, ScoreResult a, ScoreResult full, List<String> out) {
        number(side, "deltaEI", a.deltaEI(), full.deltaEI(), out);
        number(side, "technical.deltaEQI", a.technical().deltaEQI(), full.technical().deltaEQI(), out);
        number(side, "technical.deltaEnv", a.technical().deltaEnv(), full.technical().deltaEnv(), out);
        number(side, "technical.value", a.technical().value(), full.technical().value(), out);
        number(side, "management.value", a.management().value(), full.management().value(), out);
        number(side, "remoteSensing.value", a.remoteSensing().value(), full.remoteSensing().value(), out);
        number(side, "events.value", a.events().value(), full.events().value(), out);
        same(side, "deltaEIRounded", a.deltaEIRounded().toPlainString(), full.deltaEIRounded().toPlainString(), out);
        same(side, "grade", a.grade(), full.grade(), out);
        same(side, "veto", a.veto(), full.veto(), out);
        same(side, "complete", a.complete(), full.complete(), out);
        same(side, "missing", a.missing(), full.missing(), out);
        same(side, "parameterStatuses", a.parameterStatuses(), full.parameterStatuses(), out);
        same(side, "eqiClass", a.eqiClass(), full.eqiClass(), out);
        same(side, "remoteSensing.patches", a.remoteSensing().patches(), full.remoteSensing().patches(), out);
        same(side, "events.count", a.events().count(), full.events().count(), out);
    }

    private static void number(String side, String field, BigDecimal a, BigDecimal b, List<String> out) {
        if ((a == null) != (b == null) || a != null && a.subtract(b).abs().compareTo(TOLERANCE) > 0) {
            out.add(side + " " + field + " " + a + " ≠ full " + b);
        }
    }

    private static void same(String side, String field, Object a, Object b, List<String> out) {
        if (!Objects.equals(a, b)) {
            out.add(side + " " + field + " " + a + " ≠ full " + b);
        }
    }
}
