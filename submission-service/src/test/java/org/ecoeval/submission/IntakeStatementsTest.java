package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What a submission costs the database, counted by PostgreSQL itself ({@code pg_stat_statements}, loaded by the test
 * server): every statement that touches intake's tables while one request is answered. The relay's and the plan
 * consumer's statements touch other tables and are not counted.
 */
@QuarkusTest
class IntakeStatementsTest {
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);

    @Inject
    PlanBook plans;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void statisticsOn() throws SQLException {
        sql("create extension if not exists pg_stat_statements");
    }

    @Test
    void a_first_submission_with_evidence_is_two_statements_before_its_commit() throws Exception {
        String evaluation = readyEvaluation();
        String first = evidence(evaluation, "遥感解译报告");
        String second = evidence(evaluation, "野外核查记录");

        resetStatistics();
        given().auth().oauth2(FOREST).contentType(ContentType.JSON)
                .body(draft(evaluation, List.of(first, second)))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(201);

        List<String> statements = intakeStatements();
        assertThat(statements).hasSize(2);
        assertThat(statements).anyMatch(q -> q.startsWith("select") && q.contains("plan_copy")
                && q.contains("evidence"));
        assertThat(statements).anyMatch(q -> q.contains("insert into submission (") && q.contains("submission_version")
                && q.contains("submission_history") && q.contains("messaging_outbox"));
    }

    @Test
    void a_new_version_is_two_statements_before_its_commit_too() throws Exception {
        String evaluation = readyEvaluation();
        String id = given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(draft(evaluation, List.of()))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(201).extract().path("id");
        String file = evidence(evaluation, "补充说明");

        resetStatistics();
        given().auth().oauth2(FOREST).contentType(ContentType.JSON).body(draft(evaluation, List.of(file)))
                .put("/api/v1/submissions/{id}", id).then().statusCode(200).body("version",
                        org.hamcrest.Matchers.equalTo(2));

        List<String> statements = intakeStatements();
        assertThat(statements).hasSize(2);
        assertThat(statements).anyMatch(q -> q.contains("for update") && q.contains("plan_copy")
                && q.contains("evidence"));
        assertThat(statements).anyMatch(q -> q.contains("update submission set") && q.contains("submission_version")
                && q.contains("submission_history") && q.contains("messaging_outbox"));
    }

    @Test
    void an_idempotency_key_adds_its_claim_and_its_answer_and_a_replay_is_two_reads() throws Exception {
        String evaluation = readyEvaluation();
        String key = "intake-" + UUID.randomUUID();

        resetStatistics();
        String id = given().auth().oauth2(FOREST).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(draft(evaluation, List.of()))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(201)
                .extract().path("id");
        List<String> statements = intakeStatements();
        assertThat(statements).hasSize(4);
        assertThat(statements).anyMatch(q -> q.startsWith("insert into idempotency_record"));
        assertThat(statements).anyMatch(q -> q.startsWith("select") && q.contains("plan_copy"));
        assertThat(statements).anyMatch(q -> q.contains("insert into submission ("));
        assertThat(statements).anyMatch(q -> q.startsWith("update idempotency_record"));

        resetStatistics();
        given().auth().oauth2(FOREST).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(draft(evaluation, List.of()))
                .post("/api/v1/evaluations/{e}/submissions", evaluation).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", org.hamcrest.Matchers.equalTo(id));
        assertThat(intakeStatements()).hasSize(2).allMatch(s -> s.contains("idempotency_record"));
    }

    private String readyEvaluation() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        plans.find(evaluation); // parsed once per version; the first request after a new version reads it
        return evaluation;
    }

    private static String evidence(String evaluation, String text) throws Exception {
        return JsonPath.from(Multipart.upload(FOREST, evaluation, text + ".pdf", Multipart.pdf(text)).body())
                .getString("id");
    }

    private static Map<String, Object> draft(String evaluation, List<String> evidence) {
        return Map.of("task", "FOREST-DATA", "evidence", evidence, "values", List.of(
                Map.of("indicator", "EQI.PATTERN", "year", TestPlans.yearOf(evaluation), "value", 61)));
    }

    private void resetStatistics() throws SQLException {
        sql("select pg_stat_statements_reset()");
    }

    /** The statements run on intake's tables since the reset, each once (whitespace collapsed). */
    private List<String> intakeStatements() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        select query, calls from pg_stat_statements
                        where dbid = (select oid from pg_database where datname = current_database())
                          and query ~* '(submission|evidence|plan_copy|idempotency_record)'
                          and query !~* 'pg_stat_statements'
                          and query !~* 'where expires_at <' -- the hourly purge of expired keys
                        """)) {
            while (rs.next()) {
                assertThat(rs.getLong(2)).as("calls of %s", rs.getString(1)).isEqualTo(1);
                out.add(rs.getString(1).replaceAll("\\s+", " ").strip());
            }
        }
        return out;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
