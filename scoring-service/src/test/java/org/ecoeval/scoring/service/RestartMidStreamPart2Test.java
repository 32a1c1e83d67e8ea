package org.ecoeval.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.EventStream.value;
import static org.ecoeval.scoring.ScoreApi.decimal;
import static org.ecoeval.scoring.WorkedScenario.COMPARISON;
import static org.ecoeval.scoring.WorkedScenario.YEAR;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.scoring.EventStream;
import org.ecoeval.scoring.ScoreApi;
import org.ecoeval.scoring.WorkedScenario;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The restarted service (a fresh Quarkus instance: nothing kept in memory, state from the database, offsets from
 * the broker) receives the first half of the stream again, as after a crash before the offsets were committed, then
 * the rest. The score must be exactly the one of the uninterrupted stream.
 */
@QuarkusTest
@TestProfile(RestartMidStreamPart2Test.Restarted.class)
class RestartMidStreamPart2Test {

    /**
     * A distinct profile, so that Quarkus restarts the service for this class, pointed at the database and broker of
     * the instance before the restart (a high ordinal, above the test resources' fresh ones).
     */
    public static class Restarted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String database = System.getProperty(RestartMidStreamPart1Test.DATABASE);
            String kafka = System.getProperty(RestartMidStreamPart1Test.KAFKA);
            if (database == null || kafka == null) {
                return Map.of("ecoeval.messaging.outbox.sweep-interval", "2s");
            }
            return Map.of("config_ordinal", "1000", "quarkus.datasource.jdbc.url", database,
                    "kafka.bootstrap.servers", kafka, "ecoeval.messaging.outbox.sweep-interval", "2s");
        }
    }

    @Test
    void a_restart_in_the_middle_of_a_stream_with_redelivery_gives_the_same_score() throws Exception {
        String evaluationId = System.getProperty(RestartMidStreamPart1Test.EVALUATION);
        Assumptions.assumeTrue(evaluationId != null,
                "runs after RestartMidStreamPart1Test, in the same JVM (mvn test runs both)");
        String county = evaluationId.substring(0, 6);
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        assertThat(config.getValue("quarkus.datasource.jdbc.url", String.class)).as("same database as before the restart")
                .isEqualTo(System.getProperty(RestartMidStreamPart1Test.DATABASE));
        assertThat(EventStream.bootstrap()).as("same broker as before the restart")
                .isEqualTo(System.getProperty(RestartMidStreamPart1Test.KAFKA));
        List<SubmissionEvent> firstHalf = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(System.getProperty(RestartMidStreamPart1Test.EVENTS)))) {
            firstHalf.add(EventStream.JSON.readValue(line, SubmissionEvent.class));
        }
        SubmissionEvent eebV1 = firstHalf.get(0);
        try (EventStream stream = new EventStream()) {
            firstHalf.forEach(stream::publish); // redelivered after the "crash"
            // the rest of the stream of WorkedScenario, for the same submissions
            Instant t = firstHalf.get(3).time();
            var eebV2 = List.of(value("EQI.PATTERN", YEAR, "61"), value("EQI.PATTERN", COMPARISON, "60"),
                    value("EQI.FUNCTION", YEAR, "52"), value("EQI.FUNCTION", COMPARISON, "50"),
                    value("EQI.BIODIVERSITY", YEAR, "40"), value("EQI.BIODIVERSITY", COMPARISON, "40"),
                    value("EQI.STRESS", YEAR, "18"), value("EQI.STRESS", COMPARISON, "20"));
            stream.publish(next(eebV1, 2, SubmissionEvent.Type.SubmissionSubmitted, t.plusSeconds(60), t.plusSeconds(60),
                    eebV2, null));
            WorkedScenario rest = new WorkedScenario();
            for (EventStream.Submission sub : List.of(rest.rs, rest.gov, rest.fin)) {
                stream.publish(rebind(sub.submitted(), evaluationId));
            }
            stream.publish(rebind(rest.fin.accepted(WorkedScenario.FIN_REVIEW), evaluationId));
            SubmissionEvent env = firstHalf.get(1);
            stream.publish(next(env, 1, SubmissionEvent.Type.SubmissionAccepted, env.submittedAt(),
                    t.plusSeconds(5000), env.values(), Map.of()));
            stream.publish(next(eebV1, 2, SubmissionEvent.Type.SubmissionAccepted, t.plusSeconds(60),
                    t.plusSeconds(6000), eebV2, Map.of()));
        }
        JsonNode provisional = ScoreApi.awaitEvents(county, evaluationId, 11);
        assertThat(decimal(provisional, "deltaEI")).isEqualByComparingTo(WorkedScenario.FINAL_PROVISIONAL);
        assertThat(provisional.get("grade").asText()).isEqualTo("轻微变好");
        assertThat(decimal(ScoreApi.score(county, evaluationId, "confirmed"), "deltaEI"))
                .isEqualByComparingTo(WorkedScenario.FINAL_CONFIRMED);
        assertThat(ScoreApi.recompute(county, evaluationId).get("differed").asBoolean()).isFalse();
    }

    /** Another event of a submission of the first half: same submission, given version, type, times and content. */
    private static SubmissionEvent next(SubmissionEvent of, int version, SubmissionEvent.Type type, Instant submittedAt,
            Instant time, List<org.ecoeval.contracts.SubmissionContent.IndicatorValue> values,
            Map<String, java.math.BigDecimal> scores) {
        var status = switch (type) {
            case SubmissionAccepted -> org.ecoeval.contracts.SubmissionStatus.ACCEPTED;
            case SubmissionReturned -> org.ecoeval.contracts.SubmissionStatus.RETURNED;
            default -> org.ecoeval.contracts.SubmissionStatus.SUBMITTED;
        };
        return new SubmissionEvent(java.util.UUID.randomUUID().toString(), type, of.submissionId(), version,
                of.evaluationId(), of.department(), of.task(), status, values,
                of.patches(), of.events(), scores, time, submittedAt, false);
    }

    /** A scenario event moved to the evaluation of the first half. */
    private static SubmissionEvent rebind(SubmissionEvent e, String evaluationId) {
        return new SubmissionEvent(e.eventId(), e.type(), e.submissionId(), e.version(), evaluationId, e.department(),
                e.task(), e.status(), e.values(), e.patches(), e.events(), e.managementScores(), e.time(),
                e.submittedAt(), e.late());
    }
}
