package org.ecoeval.tracking.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.TestPlans;
import org.ecoeval.tracking.persistence.SecretBox;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import db.migration.V4__seal_webhook_secrets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Webhooks cannot reach into the county's network, and their secrets are sealed in the database. */
@QuarkusTest
class WebhookSafetyTest {
    @Inject
    DataSource db;

    @ConfigProperty(name = "ecoeval.tracking.webhook.secret-key")
    String key;

    private static Map<String, Object> planWithWebhook(String county, String url, String secret) {
        Map<String, Object> plan = TestPlans.plan(county, 2024, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20")));
        Map<String, Object> supervisor = new LinkedHashMap<>();
        supervisor.put("name", "旗长");
        supervisor.put("webhookUrl", url);
        if (secret != null) {
            supervisor.put("webhookSecret", secret);
        }
        plan.put("supervisors", List.of(supervisor));
        return plan;
    }

    private static String url(String evaluationId) {
        return "/api/v1/evaluations/" + evaluationId + "/plan";
    }

    @Test
    void a_webhook_to_metadata_loopback_or_private_addresses_is_refused_naming_the_field() {
        String county = TestPlans.freshCounty();
        for (String hook : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/hook",
                "http://192.168.1.20/hook", "http://[::1]:8080/hook", "http://127.0.0.2/hook")) {
            given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON)
                    .body(planWithWebhook(county, hook, null)).put(url(county + "-2024")).then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("violations[0].field", equalTo("supervisors[0].webhookUrl"))
                    .body("violations[0].rule", equalTo("webhook-address"));
        }
        // the test profile allows the tests' own receivers on 127.0.0.1
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON)
                .body(planWithWebhook(county, "http://127.0.0.1:1/hook", null)).put(url(county + "-2024"))
                .then().statusCode(201);
    }

    @Test
    void webhook_secrets_are_sealed_at_rest_and_open_under_the_configured_key() throws Exception {
        String county = TestPlans.freshCounty();
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON)
                .body(planWithWebhook(county, "http://127.0.0.1:1/hook", "sealed-s3cret-" + county))
                .put(url(county + "-2024")).then().statusCode(201);
        String stored = storedSecrets(county + "-2024", 1);
        assertThat(stored).startsWith("v1:").doesNotContain("sealed-s3cret");
        assertThat(new SecretBox(key).open(stored)).contains("sealed-s3cret-" + county);
    }

    @Test
    void the_migration_seals_secrets_stored_in_clear_and_leaves_sealed_ones() throws Exception {
        String county = TestPlans.freshCounty();
        String evaluation = county + "-2024";
        given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON)
                .body(planWithWebhook(county, "http://127.0.0.1:1/hook", "first")).put(url(evaluation))
                .then().statusCode(201);
        try (Connection c = db.getConnection()) {
            // a version as an older tracking-service wrote it: the secrets in clear
            try (PreparedStatement insert = c.prepareStatement("insert into plan_version (evaluation_id, version, "
                    + "plan_json, webhook_secrets, fingerprint, registered_at, registered_by) "
                    + "select evaluation_id, 99, plan_json, '[\"clear-s3cret\"]', 'old', registered_at, registered_by "
                    + "from plan_version where evaluation_id = ? and version = 1")) {
                insert.setString(1, evaluation);
                insert.executeUpdate();
            }
            String sealedBefore = storedSecrets(evaluation, 1);
            SecretBox box = new SecretBox(key);
            assertThat(V4__seal_webhook_secrets.sealColumn(c, box)).isGreaterThanOrEqualTo(1);
            assertThat(storedSecrets(evaluation, 99)).startsWith("v1:").doesNotContain("clear-s3cret");
            assertThat(box.open(storedSecrets(evaluation, 99))).isEqualTo("[\"clear-s3cret\"]");
            assertThat(storedSecrets(evaluation, 1)).isEqualTo(sealedBefore);
            assertThat(V4__seal_webhook_secrets.sealColumn(c, box)).isZero();
        }
    }

    private String storedSecrets(String evaluation, int version) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
                "select webhook_secrets from plan_version where evaluation_id = ? and version = ?")) {
            q.setString(1, evaluation);
            q.setInt(2, version);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
