package org.ecoeval.scoring.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/** The latest plan version per evaluation, from {@code eco.plans}. */
@ApplicationScoped
public class PlanStore {

    public Optional<StoredPlan> find(Connection c, String evaluationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select evaluation_id, plan_version, methodology, "
                + "evaluation_year, comparison_year, event_id, published_at from plan where evaluation_id = ?")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredPlan(rs.getString("evaluation_id"), rs.getInt("plan_version"),
                        rs.getString("methodology"), rs.getInt("evaluation_year"), rs.getInt("comparison_year"),
                        rs.getString("event_id"), Sql.instant(rs, "published_at")));
            }
        }
    }

    /** The plans of the given evaluations (those that have one), in one statement. */
    public java.util.Map<String, StoredPlan> findAll(Connection c, java.util.Collection<String> evaluationIds)
            throws SQLException {
        java.util.Map<String, StoredPlan> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select evaluation_id, plan_version, methodology, "
                + "evaluation_year, comparison_year, event_id, published_at from plan where evaluation_id = any (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", evaluationIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString("evaluation_id"), new StoredPlan(rs.getString("evaluation_id"),
                            rs.getInt("plan_version"), rs.getString("methodology"), rs.getInt("evaluation_year"),
                            rs.getInt("comparison_year"), rs.getString("event_id"), Sql.instant(rs, "published_at")));
                }
            }
        }
        return out;
    }

    /**
     * Keeps a plan version with its document as UTF-8 JSON. A county's plan is a few hundred kB of JSON, Chinese
     * names throughout: as a Java string it is twice that in UTF-16, one G1 "humongous" object and a copy on the way
     * to the driver. The bytes go as they are and the server turns them into the text column.
     */
    public void save(Connection c, StoredPlan plan, byte[] planJsonUtf8) throws SQLException {
        Sql.update(c, "insert into plan (evaluation_id, plan_version, methodology, evaluation_year, comparison_year, "
                + "event_id, published_at, received_at, plan_json) values (?, ?, ?, ?, ?, ?, ?, ?, "
                + "convert_from(?, 'UTF8')) "
                + "on conflict (evaluation_id) do update set plan_version = excluded.plan_version, "
                + "methodology = excluded.methodology, evaluation_year = excluded.evaluation_year, "
                + "comparison_year = excluded.comparison_year, event_id = excluded.event_id, "
                + "published_at = excluded.published_at, received_at = excluded.received_at, "
                + "plan_json = excluded.plan_json",
                plan.evaluationId(), plan.planVersion(), plan.methodology(), plan.evaluationYear(),
                plan.comparisonYear(), plan.eventId(), plan.publishedAt(), Instant.now(), planJsonUtf8);
    }
}
