package org.ecoeval.submission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.ecoeval.infra.TestTokens;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Problem details speak Chinese to a caller whose Accept-Language prefers it, English otherwise. */
@QuarkusTest
class ProblemLanguageTest {
    static final String FOREST = TestTokens.unit("department", "FOREST", TestTokens.COUNTY);

    @Inject
    PlanBook plans;

    @Test
    void a_refused_submission_is_explained_in_chinese_when_the_caller_prefers_zh() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        given().auth().oauth2(FOREST).header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5").contentType(ContentType.JSON)
                .body(Map.of("note", "no task")).post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).contentType("application/problem+json").header("Content-Language", "zh-CN")
                .body("title", equalTo("请求不符合校验规则")).body("violations[0].field", equalTo("task"))
                .body("violations[0].rule", equalTo("required")).body("violations[0].message", startsWith("此项必填"));
        given().auth().oauth2(FOREST).header("Accept-Language", "en-GB,zh;q=0.5").contentType(ContentType.JSON)
                .body(Map.of("note", "no task")).post("/api/v1/evaluations/{e}/submissions", evaluation)
                .then().statusCode(422).contentType("application/problem+json")
                .body("title", equalTo("The request breaks validation rules"));
        given().auth().oauth2(FOREST).header("Accept-Language", "zh").get("/api/v1/submissions/{id}",
                UUID.randomUUID().toString()).then().statusCode(404).body("title", equalTo("未找到"));
    }
}
