package org.ecoeval.tracking.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.ecoeval.contracts.PlanPublished;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.KafkaTestClient;
import org.ecoeval.tracking.TestPlans;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class PlanPublicationTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void every_plan_version_is_published_to_eco_plans_with_cloudevents_headers_and_no_secrets() throws Exception {
        String county = TestPlans.freshCounty();
        String evaluation = county + "-2024";
        Map<String, Object> plan = TestPlans.plan(county, 2024, List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-20")));
        Map<String, Object> supervisor = new LinkedHashMap<>();
        supervisor.put("name", "旗长");
        supervisor.put("webhookUrl", "https://hooks.example.org/x");
        supervisor.put("webhookSecret", "never-published");
        plan.put("supervisors", List.of(supervisor));
        String bureau = TestTokens.county("bureau", county);

        try (KafkaConsumer<String, String> consumer = KafkaTestClient.fromBeginning(Topics.PLANS)) {
            given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                    .put("/api/v1/evaluations/" + evaluation + "/plan").then().statusCode(201);
            ConsumerRecord<String, String> v1 = KafkaTestClient.await(consumer,
                    r -> evaluation.equals(r.key()), Duration.ofSeconds(20));
            PlanPublished published = mapper.readValue(v1.value(), PlanPublished.class);
            assertThat(published.evaluationId()).isEqualTo(evaluation);
            assertThat(published.planVersion()).isEqualTo(1);
            assertThat(published.instances()).extracting(i -> i.id()).containsExactly("FIN-INVEST");
            assertThat(published.instances().get(0).dueAt()).hasToString("2024-10-20T16:00:00Z");
            assertThat(v1.value()).doesNotContain("never-published");
            assertThat(KafkaTestClient.header(v1, "ce_type")).isEqualTo("PlanPublished");
            assertThat(KafkaTestClient.header(v1, "ce_id")).isEqualTo(published.eventId());
            assertThat(KafkaTestClient.header(v1, "ce_source")).isEqualTo("/tracking-service");
            assertThat(KafkaTestClient.header(v1, "ce_specversion")).isEqualTo("1.0");
            assertThat(KafkaTestClient.header(v1, "ce_time")).isNotBlank();

            plan.put("tasks", List.of(TestPlans.task("FIN-INVEST", "FIN", "2024-10-21")));
            given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                    .put("/api/v1/evaluations/" + evaluation + "/plan").then().statusCode(200);
            ConsumerRecord<String, String> v2 = KafkaTestClient.await(consumer,
                    r -> evaluation.equals(r.key()), Duration.ofSeconds(20));
            assertThat(mapper.readValue(v2.value(), PlanPublished.class).planVersion()).isEqualTo(2);
        }
    }
}
