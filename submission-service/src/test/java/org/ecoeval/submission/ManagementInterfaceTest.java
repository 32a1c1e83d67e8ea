package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.net.URL;
import java.time.Duration;

import org.ecoeval.infra.AlertRules;
import org.ecoeval.infra.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health and metrics on the management port (9081…9083 outside tests), without a token; none of it on the API port. */
@QuarkusTest
class ManagementInterfaceTest {
    @TestHTTPResource(value = "/health/ready", management = true) // under the management root path /q
    URL readiness;

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @Test
    void readiness_answers_without_a_token_and_covers_postgresql_and_kafka() {
        given().get(readiness).then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
    }

    @Test
    void metrics_answer_without_a_token_with_every_metric_the_alert_rules_read() {
        assertThat(AlertRules.metricNamesFor("submission")).isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String scraped = given().get(metrics).then().statusCode(200).extract().asString();
            for (String name : AlertRules.metricNamesFor("submission")) {
                assertThat(scraped).as("metric " + name).containsPattern("(?m)^" + name + "[{ ]");
            }
        });
    }

    @Test
    void the_api_port_serves_neither_health_nor_metrics() {
        given().get("/q/health/ready").then().statusCode(401);
        String admin = TestTokens.provincialAdmin();
        given().auth().oauth2(admin).get("/q/health/ready").then().statusCode(404);
        given().auth().oauth2(admin).get("/q/metrics").then().statusCode(404);
    }
}
