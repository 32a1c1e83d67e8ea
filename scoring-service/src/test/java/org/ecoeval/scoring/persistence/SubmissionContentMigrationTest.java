package org.ecoeval.scoring.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.infra.PostgresServer;
import org.ecoeval.infra.TestInfrastructure;
import org.ecoeval.messaging.MessagingSchema;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * V8 keeps a submission's content in one JSON document: a county's database migrated from V7 must read back the
 * values, patches, environmental events and management scores it held in four columns.
 */
class SubmissionContentMigrationTest {
    private static final String DATABASE = "scoring_v8_migration";

    @Test
    void submissions_stored_before_v8_keep_their_whole_content_in_one_document() throws Exception {
        String url = freshDatabase();
        migrate(url, "7");
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement()) {
            s.execute("insert into evaluation (evaluation_id, event_count, created_at) values ('150425-2024', 1, now())");
            s.execute("""
                    insert into submission (submission_id, evaluation_id, department, task, version, status, event_type,
                        event_time, submitted_at, reviewed_at, last_event_id, values_json, patches_json, events_json,
                        management_json, late, updated_at)
                    values ('s-1', '150425-2024', 'FOREST', 'FOREST-DATA', 2, 'ACCEPTED', 'SubmissionAccepted',
                        now(), now(), now(), 'e-1',
                        '[{"indicator":"ENV.AIR.GOOD_DAYS_RATIO","year":2024,"value":91.5}]', '[]', '[]',
                        '{"M.ECO_PROTECTION":8.5}', false, now())""");
        }
        migrate(url, "latest");

        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select content_json from submission where submission_id = 's-1'")) {
            assertThat(rs.next()).isTrue();
            SubmissionStore.Content content = new ObjectMapper().registerModule(new JavaTimeModule())
                    .readValue(rs.getString(1), SubmissionStore.Content.class);
            assertThat(content.values()).containsExactly(
                    new IndicatorValue("ENV.AIR.GOOD_DAYS_RATIO", 2024, new BigDecimal("91.5")));
            assertThat(content.patches()).isEmpty();
            assertThat(content.events()).isEmpty();
            assertThat(content.managementScores()).isEqualTo(Map.of("M.ECO_PROTECTION", new BigDecimal("8.5")));
        }
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select indexdef from pg_indexes where indexname = 'submission_by_evaluation'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).contains("(evaluation_id, submission_id)");
        }
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_constraint "
                        + "where conrelid = 'submission'::regclass and contype = 'f'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the per-row foreign key check is gone").isZero();
        }
    }

    private static String freshDatabase() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        try (Connection c = DriverManager.getConnection(infra.postgres().jdbcUrl("postgres"), PostgresServer.USER, "");
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + DATABASE + " with (force)");
        }
        return infra.database(DATABASE);
    }

    /** The service's migrations up to {@code target}, the messaging module's first, as the service runs them. */
    private static void migrate(String url, String target) {
        FluentConfiguration configuration = Flyway.configure().dataSource(url, PostgresServer.USER, "")
                .locations("classpath:db/migration").target(target);
        new MessagingSchema().customize(configuration);
        configuration.load().migrate();
    }
}
