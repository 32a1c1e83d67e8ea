package org.ecoeval.tracking.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.tracking.GreenMailTestResource.InjectGreenMail;
import org.ecoeval.tracking.KafkaTestClient;
import org.ecoeval.tracking.TestPlans;
import org.ecoeval.tracking.persistence.Db;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Chasing as the bureau does it, end to end on PostgreSQL and Kafka: the 2024 plan's National Day week and
 * tiers, materials in task views and status rows, and a return that reaches the unit and climbs its correction
 * ladder. The sweep runs at chosen moments of 2024 (the timed sweep is paused meanwhile).
 */
@QuarkusTest
class ChasingTest {

    @Inject
    Scheduler scheduler;

    @Inject
    EscalationSweep sweep;

    @Inject
    Db db;

    @Inject
    ObjectMapper mapper;

    @InjectGreenMail
    GreenMail greenMail;

    @BeforeEach
    void pauseTimedSweep() {
        scheduler.pause(EscalationSweep.IDENTITY);
    }

    @AfterEach
    void resumeTimedSweep() {
        scheduler.resume(EscalationSweep.IDENTITY);
    }

    static Instant at(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    /** FIN-INVEST due 2024-10-10 with an owner and three materials; a ladder with the leading group's tiers. */
    static Map<String, Object> plan(String county, String dueOnNonWorkingDay) {
        Map<String, Object> fin = TestPlans.task("FIN-INVEST", "FIN", "2024-10-10");
        fin.put("owner", Map.of("name", "王某", "email", "fin-clerk@" + county + ".example.org", "phone", "0476-0000001"));
        fin.put("materials", List.of(
                Map.of("code", "BUDGET-REPORT", "name", "经旗人大审议通过的年度财政预算收支报告", "types", List.of("PDF", "OFD")),
                Map.of("code", "VOUCHERS", "name", "生态环境保护支出凭证", "required", true),
                Map.of("code", "SUMMARY", "name", "生态环境保护投入情况总结", "required", false)));
        Map<String, Object> eeb = TestPlans.task("EEB-REPORT", "EEB", "2024-10-20");
        Map<String, Object> plan = TestPlans.plan(county, 2024, List.of(fin, eeb));
        plan.put("calendar", "CN");
        plan.put("dueOnNonWorkingDay", dueOnNonWorkingDay);
        plan.put("supervisors", List.of(
                Map.of("name", "领导小组办公室", "email", "office@" + county + ".example.org"),
                Map.of("name", "旗政府分管副旗长", "email", "deputy@" + county + ".example.org"),
                Map.of("name", "旗委书记、旗长", "email", "leaders@" + county + ".example.org")));
        plan.put("escalation", Map.of("remindBefore", List.of("P7D"), "workingDays", true,
                "ladder", List.of(
                        Map.of("after", "PT0S", "level", "OVERDUE", "notify", List.of("@owner", "@head")),
                        Map.of("after", "P2D", "level", "ESCALATED", "notify", List.of("领导小组办公室")),
                        Map.of("after", "P5D", "level", "ESCALATED", "notify", List.of("旗政府分管副旗长", "旗委书记、旗长"))),
                "correctionWithin", "P5D"));
        return plan;
    }

    static JsonPath register(String county, Map<String, Object> plan) {
        return given().auth().oauth2(TestTokens.county("bureau", county)).contentType(ContentType.JSON).body(plan)
                .put("/api/v1/evaluations/" + county + "-2024/plan").then().log().ifValidationFails().statusCode(201)
                .extract().jsonPath();
    }

    List<Map<String, Object>> alerts(String evaluation) {
        return given().auth().oauth2(TestTokens.county("bureau", evaluation.substring(0, 6)))
                .get("/api/v1/evaluations/" + evaluation + "/alerts").then().statusCode(200).extract()
                .jsonPath().getList("$");
    }

    Instant nextStepAt(String evaluation, String instance) {
        return db.one("select next_step_at from task_instance where evaluation_id = ? and instance_id = ?",
                rs -> Db.instant(rs, "next_step_at"), evaluation, instance).orElse(null);
    }

    long alertCount(String evaluation, String instance, boolean correction) {
        return db.one("select count(*) from alert where evaluation_id = ? and instance_id = ? and correction = ?",
                rs -> rs.getLong(1), evaluation, instance, correction).orElse(0L);
    }

    /** Sweeps at {@code now} (every evaluation of the test database) and answers how many FIN-INVEST alerts came. */
    long sweepFin(String evaluation, Instant now, boolean correction) {
        long before = alertCount(evaluation, "FIN-INVEST", correction);
        sweep.sweep(now);
        return alertCount(evaluation, "FIN-INVEST", correction) - before;
    }

    void produce(SubmissionEvent event) throws Exception {
        KafkaTestClient.produce(Topics.SUBMISSIONS, event.evaluationId(), mapper.writeValueAsString(event),
                event.type().name());
    }

    @Test
    void a_sunday_deadline_is_warned_about_when_kept_and_moved_when_the_plan_asks() {
        String county = TestPlans.freshCounty();
        JsonPath kept = register(county, plan(county, "KEEP"));
        assertThat(kept.getList("warnings.rule", String.class)).containsExactly("non-working-day");
        assertThat(kept.getString("warnings[0].path")).isEqualTo("tasks[1].due");
        assertThat(kept.getString("warnings[0].message")).contains("2024-10-20");
        assertThat(Instant.parse(kept.getString("instances.find { it.id == 'EEB-REPORT' }.dueAt")))
                .isEqualTo(at("2024-10-21T00:00"));

        String other = TestPlans.freshCounty();
        JsonPath moved = register(other, plan(other, "NEXT_WORKING_DAY"));
        assertThat(moved.getList("warnings")).isEmpty();
        assertThat(Instant.parse(moved.getString("instances.find { it.id == 'EEB-REPORT' }.dueAt")))
                .as("to the end of Monday 2024-10-21").isEqualTo(at("2024-10-22T00:00"));
        given().auth().oauth2(TestTokens.unit("department", "EEB", other))
                .get("/api/v1/evaluations/" + other + "-2024/tasks").then().statusCode(200)
                .body("find { it.taskId == 'EEB-REPORT' }.dueAt", equalTo("2024-10-21T16:00:00Z"));
    }

    @Test
    void a_unit_reads_the_plan_without_supervisor_contacts_or_other_units_contacts() {
        String county = TestPlans.freshCounty();
        register(county, plan(county, "KEEP"));
        JsonPath eeb = given().auth().oauth2(TestTokens.unit("department", "EEB", county))
                .get("/api/v1/evaluations/" + county + "-2024/plan").then().statusCode(200).extract().jsonPath();
        assertThat(eeb.getList("plan.supervisors.email")).allMatch(e -> e == null);
        assertThat(eeb.getString("plan.departments.find { it.code == 'FIN' }.headEmail")).isNull();
        assertThat(eeb.getString("plan.departments.find { it.code == 'EEB' }.headEmail")).isNotNull();
        assertThat(eeb.getString("plan.tasks.find { it.id == 'FIN-INVEST' }.owner.name")).isEqualTo("王某");
        assertThat(eeb.getString("plan.tasks.find { it.id == 'FIN-INVEST' }.owner.email")).isNull();
        JsonPath bureau = given().auth().oauth2(TestTokens.county("bureau", county))
                .get("/api/v1/evaluations/" + county + "-2024/plan").then().statusCode(200).extract().jsonPath();
        assertThat(bureau.getString("plan.supervisors[0].email")).isEqualTo("office@" + county + ".example.org");
        assertThat(bureau.getString("plan.tasks.find { it.id == 'FIN-INVEST' }.owner.email"))
                .isEqualTo("fin-clerk@" + county + ".example.org");
    }

    @Test
    void a_reminder_falling_on_2024_10_01_is_raised_on_the_next_working_morning_once_and_each_tier_hears_its_step()
            throws Exception {
        String county = TestPlans.freshCounty();
        String evaluation = county + "-2024";
        register(county, plan(county, "KEEP"));
        assertThat(nextStepAt(evaluation, "FIN-INVEST")).as("seven working days before 10-10 24:00")
                .isEqualTo(at("2024-09-26T08:30"));

        // the sweep first reaches the reminder during the National Day week: it waits, durably
        assertThat(sweepFin(evaluation, at("2024-10-01T10:00"), false)).isZero();
        assertThat(nextStepAt(evaluation, "FIN-INVEST")).isEqualTo(at("2024-10-08T08:30"));
        assertThat(sweepFin(evaluation, at("2024-10-08T08:29"), false)).isZero();
        assertThat(sweepFin(evaluation, at("2024-10-08T08:30"), false)).isEqualTo(1);
        assertThat(sweepFin(evaluation, at("2024-10-08T09:00"), false)).as("raised once").isZero();
        assertThat(sweepFin(evaluation, at("2024-10-11T10:00"), false)).as("OVERDUE on Friday morning").isEqualTo(1);
        assertThat(sweepFin(evaluation, at("2024-10-15T09:00"), false)).as("two working days on: Fri 11th, Sat 12th")
                .isEqualTo(1);
        assertThat(sweepFin(evaluation, at("2024-10-17T09:00"), false)).isEqualTo(1);

        Map<String, List<String>> recipients = new LinkedHashMap<>();
        for (Map<String, Object> a : alerts(evaluation)) {
            if ("FIN-INVEST".equals(a.get("taskId"))) {
                recipients.put(a.get("level") + "@" + a.get("raisedAt"), (List<String>) a.get("recipients"));
            }
        }
        String c = "@" + county + ".example.org";
        assertThat(recipients).containsExactly(
                Map.entry("ESCALATED@2024-10-17T01:00:00Z", List.of("deputy" + c, "leaders" + c)),
                Map.entry("ESCALATED@2024-10-15T01:00:00Z", List.of("office" + c)),
                Map.entry("OVERDUE@2024-10-11T02:00:00Z", List.of("fin-clerk" + c, "fin-head" + c)),
                Map.entry("REMINDER@2024-10-08T00:30:00Z", List.of("fin-clerk" + c)));

        // the owner's reminder names the task, the missing materials and the deadline
        await().atMost(Duration.ofSeconds(20)).until(() -> mails("fin-clerk" + c).size() == 2);
        String reminder = mails("fin-clerk" + c).stream().map(ChasingTest::text).filter(t -> t.contains("距截止时间"))
                .findFirst().orElseThrow();
        assertThat(reminder).startsWith("王某同志：").contains("任务：任务 FIN-INVEST（FIN-INVEST）",
                "截止时间：2024年10月10日 24:00", "尚缺材料：经旗人大审议通过的年度财政预算收支报告；生态环境保护支出凭证");

        // the task view shows the planned schedule
        List<Map<String, Object>> schedule = given().auth().oauth2(TestTokens.unit("department", "FIN", county))
                .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(200).extract()
                .path("find { it.taskId == 'FIN-INVEST' }.schedule");
        assertThat(schedule).extracting(s -> s.get("level") + "@" + s.get("at")).containsExactly(
                "REMINDER@2024-09-26T00:30:00Z", "OVERDUE@2024-10-11T00:30:00Z", "ESCALATED@2024-10-14T00:30:00Z",
                "ESCALATED@2024-10-17T00:30:00Z");
    }

    @Test
    void materials_show_in_task_views_and_status_rows_and_a_return_reaches_the_unit_and_climbs_its_correction_ladder()
            throws Exception {
        String county = TestPlans.freshCounty();
        String evaluation = county + "-2024";
        register(county, plan(county, "KEEP"));
        String bureau = TestTokens.county("bureau", county);
        given().auth().oauth2(bureau).get("/api/v1/evaluations/" + evaluation + "/status").then().statusCode(200)
                .body("departments.find { it.department == 'FIN' }.materialsRequired", equalTo(2))
                .body("departments.find { it.department == 'FIN' }.materialsProvided", equalTo(0));

        Map<String, List<String>> materials = Map.of("BUDGET-REPORT", List.of("ev-1"), "VOUCHERS", List.of("ev-2"));
        produce(new SubmissionEvent(UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionSubmitted, "s-fin", 1,
                evaluation, "FIN", "FIN-INVEST", SubmissionStatus.SUBMITTED, List.of(), List.of(), List.of(), null,
                at("2024-10-08T09:00"), at("2024-10-08T09:00"), false, materials, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(bureau)
                .get("/api/v1/evaluations/" + evaluation + "/status").then().statusCode(200)
                .body("departments.find { it.department == 'FIN' }.materialsProvided", equalTo(2))
                .body("totals.materialsRequired", equalTo(2)));
        List<Map<String, Object>> views = given().auth().oauth2(TestTokens.unit("department", "FIN", county))
                .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(200).extract()
                .path("find { it.taskId == 'FIN-INVEST' }.materials");
        assertThat(views).extracting(m -> m.get("code") + ":" + m.get("required") + ":" + m.get("provided") + ":"
                + m.get("evidence")).containsExactly("BUDGET-REPORT:true:true:[ev-1]", "VOUCHERS:true:true:[ev-2]",
                        "SUMMARY:false:false:[]");

        produce(new SubmissionEvent(UUID.randomUUID().toString(), SubmissionEvent.Type.SubmissionReturned, "s-fin", 1,
                evaluation, "FIN", "FIN-INVEST", SubmissionStatus.RETURNED, List.of(), List.of(), List.of(), null,
                at("2024-10-09T10:00"), at("2024-10-08T09:00"), false, materials, "预算报告缺人大批复页"));
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts(evaluation).stream()
                .anyMatch(a -> "RETURNED".equals(a.get("level"))));
        Map<String, Object> returned = alerts(evaluation).stream().filter(a -> "RETURNED".equals(a.get("level")))
                .findFirst().orElseThrow();
        String c = "@" + county + ".example.org";
        assertThat(returned.get("comment")).isEqualTo("预算报告缺人大批复页");
        assertThat(returned.get("recipients")).isEqualTo(List.of("fin-clerk" + c, "fin-head" + c));
        assertThat(returned.get("dueAt")).as("the correction deadline: five working days on")
                .isEqualTo("2024-10-15T02:00:00Z");
        Map<String, Object> view = given().auth().oauth2(TestTokens.unit("department", "FIN", county))
                .get("/api/v1/evaluations/" + evaluation + "/tasks").then().statusCode(200).extract()
                .path("find { it.taskId == 'FIN-INVEST' }");
        assertThat(view.get("state")).isEqualTo("RETURNED");
        assertThat(view.get("correctionDueAt")).isEqualTo("2024-10-15T02:00:00Z");
        assertThat(view.get("returnComment")).isEqualTo("预算报告缺人大批复页");
        await().atMost(Duration.ofSeconds(20)).until(() -> mails("fin-clerk" + c).stream().map(ChasingTest::text)
                .anyMatch(t -> t.contains("退回意见：预算报告缺人大批复页") && t.contains("整改截止时间：2024年10月15日 10:00")));

        // past the correction deadline the ladder climbs again, marked as the correction's
        assertThat(sweepFin(evaluation, at("2024-10-15T10:00"), true)).isEqualTo(1);
        Map<String, Object> correction = alerts(evaluation).stream()
                .filter(a -> Boolean.TRUE.equals(a.get("correction")) && "OVERDUE".equals(a.get("level")))
                .findFirst().orElseThrow();
        assertThat(correction.get("dueAt")).isEqualTo("2024-10-15T02:00:00Z");
        assertThat(correction.get("recipients")).isEqualTo(List.of("fin-clerk" + c, "fin-head" + c));
        assertThat(sweepFin(evaluation, at("2024-10-17T10:00"), true)).as("two working days on: the office")
                .isEqualTo(1);
        assertThat(alerts(evaluation).stream().filter(a -> Boolean.TRUE.equals(a.get("correction")))
                .map(a -> a.get("level") + ":" + a.get("recipients"))).containsExactlyInAnyOrder(
                        "OVERDUE:[fin-clerk" + c + ", fin-head" + c + "]", "ESCALATED:[office" + c + "]");

        given().auth().oauth2(bureau).get("/api/v1/evaluations/" + evaluation + "/ledger").then().statusCode(200)
                .body("departments.find { it.department == 'FIN' }.returns", equalTo(1))
                .body("departments.find { it.department == 'EEB' }.returns", equalTo(0));
    }

    @Test
    void the_calendar_is_read_by_year_and_an_admin_loads_a_year_validated() {
        int year = 2100 + (int) Math.floorMod(System.nanoTime(), 800L);
        String y = String.valueOf(year);
        given().auth().oauth2(TestTokens.unit("department", "FIN", "150425")).get("/api/v1/calendar/2024").then()
                .statusCode(200).body("year", equalTo(2024)).body("source", org.hamcrest.Matchers.containsString("2024"))
                .body("holidays.find { it.date == '2024-10-01' }.name", equalTo("国庆节"))
                .body("workdays.date", org.hamcrest.Matchers.hasItems("2024-09-29", "2024-10-12"));
        given().auth().oauth2(TestTokens.provincialAdmin()).get("/api/v1/calendar/" + y).then().statusCode(404);

        Map<String, Object> bad = Map.of("year", year, "source", "国办发明电〔2030〕",
                "holidays", List.of(Map.of("date", y + "-10-01", "name", "国庆节"), Map.of("date", (year + 1) + "-01-01", "name", "元旦")),
                "workdays", List.of(Map.of("date", y + "-10-01", "name", "调休")));
        JsonPath problem = given().auth().oauth2(TestTokens.provincialAdmin()).contentType(ContentType.JSON).body(bad)
                .put("/api/v1/calendar/" + y).then().statusCode(422).contentType("application/problem+json")
                .extract().jsonPath();
        assertThat(problem.getList("violations.rule", String.class))
                .containsExactlyInAnyOrder("in-year", "holiday-and-workday");
        given().auth().oauth2(TestTokens.provincialAdmin()).get("/api/v1/calendar/" + y).then().statusCode(404);
        given().auth().oauth2(TestTokens.county("bureau", "150425")).contentType(ContentType.JSON).body(bad)
                .put("/api/v1/calendar/" + y).then().statusCode(403);

        Map<String, Object> good = Map.of("year", year, "source", "国办发明电〔2030〕",
                "holidays", List.of(Map.of("date", y + "-10-01", "name", "国庆节")),
                "workdays", List.of(Map.of("date", y + "-09-28", "name", "国庆节调休上班")));
        given().auth().oauth2(TestTokens.provincialAdmin()).contentType(ContentType.JSON).body(good)
                .put("/api/v1/calendar/" + y).then().statusCode(201);
        given().auth().oauth2(TestTokens.provincialAdmin()).contentType(ContentType.JSON).body(good)
                .put("/api/v1/calendar/" + y).then().statusCode(200);
        given().auth().oauth2(TestTokens.county("supervisor", "150425")).get("/api/v1/calendar/" + y).then()
                .statusCode(200).body("workdays[0].date", equalTo(y + "-09-28"));
    }

    private List<MimeMessage> mails(String to) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(to));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static String text(MimeMessage m) {
        try {
            Object content = m.getContent();
            if (content instanceof String s) {
                return s;
            }
            if (content instanceof jakarta.mail.Multipart mp) {
                return String.valueOf(mp.getBodyPart(0).getContent());
            }
            return String.valueOf(content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
