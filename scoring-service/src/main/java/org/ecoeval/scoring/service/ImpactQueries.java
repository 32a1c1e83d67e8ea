package org.ecoeval.scoring.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.Plan;
import org.ecoeval.scoring.domain.ImpactAnalysis;
import org.ecoeval.scoring.domain.ScoreInputs;
import org.ecoeval.scoring.domain.SubmissionInputs;
import org.ecoeval.scoring.persistence.PlanStore;
import org.ecoeval.scoring.persistence.Reading;
import org.ecoeval.scoring.persistence.StoredPlan;
import org.ecoeval.scoring.persistence.SubmissionStore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;

/**
 * The impact of every missing or not yet accepted input ({@link ImpactAnalysis}), from the stored inputs of both
 * readings (the reference path of the recomputation, read in one snapshot) and the plan's tasks as owners. A read:
 * it changes nothing, and needs nothing of the incremental state.
 */
@ApplicationScoped
public class ImpactQueries {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    PlanStore plans;
    @Inject
    SubmissionStore submissions;
    @Inject
    Engines engines;
    @Inject
    ObjectMapper mapper;

    /** Empty when the service holds no plan for the evaluation. */
    public Optional<ImpactAnalysis.Impact> impact(String evaluationId, Reading reading) {
        try (Connection c = dataSource.getConnection()) {
            int isolation = c.getTransactionIsolation();
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Optional<StoredPlan> found = plans.find(c, evaluationId);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                StoredPlan plan = found.get();
                Map<Reading, List<SubmissionInputs>> counting = new EnumMap<>(Reading.class);
                for (Reading r : Reading.values()) {
                    counting.put(r, new ArrayList<>());
                }
                submissions.forEach(c, evaluationId, s -> {
                    for (Reading r : Reading.values()) {
                        if (s.countsIn(r)) {
                            counting.get(r).add(ScoreKeeper.inputs(s, plan));
                        }
                    }
                });
                ScoreInputs asItStands = ScoreInputs.resolve(plan.evaluationYear(), plan.comparisonYear(),
                        counting.get(reading));
                ScoreInputs accepted = ScoreInputs.resolve(plan.evaluationYear(), plan.comparisonYear(),
                        counting.get(Reading.CONFIRMED));
                Plan full = planOf(c, evaluationId);
                return Optional.of(new ImpactAnalysis(engines.of(plan.methodology())).analyse(asItStands, accepted,
                        owners(full, true), owners(full, false)));
            } finally {
                c.rollback();
                c.setTransactionIsolation(isolation);
                c.setAutoCommit(true);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot compute the impact for " + evaluationId, e);
        }
    }

    private Plan planOf(Connection c, String evaluationId) throws SQLException, JsonProcessingException {
        try (PreparedStatement ps = c.prepareStatement("select plan_json from plan where evaluation_id = ?")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                String json = rs.next() ? rs.getString(1) : null;
                return json == null ? null : mapper.readValue(json, Plan.class);
            }
        }
    }

    /** Code → the plan's (department, task) that carry it: indicators or management items. */
    static Map<String, List<ImpactAnalysis.Owner>> owners(Plan plan, boolean indicators) {
        Map<String, List<ImpactAnalysis.Owner>> out = new LinkedHashMap<>();
        if (plan == null || plan.tasks() == null) {
            return out;
        }
        for (Plan.Task t : plan.tasks()) {
            for (String code : indicators ? t.indicatorsOrEmpty() : t.managementItemsOrEmpty()) {
                out.computeIfAbsent(code, k -> new ArrayList<>()).add(new ImpactAnalysis.Owner(t.department(), t.id()));
            }
        }
        return out;
    }
}
