package org.ecoeval.scoring.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecoeval.scoring.ScoreApi.decimal;
import static org.ecoeval.scoring.WorkedScenario.ENV;
import static org.ecoeval.scoring.WorkedScenario.technical;

import java.math.BigDecimal;

import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.scoring.EventStream;
import org.ecoeval.scoring.ScoreApi;
import org.ecoeval.scoring.WorkedScenario;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * First half of a stream, consumed by this instance of the service. {@link RestartMidStreamPart2Test} runs under a
 * test profile, so Quarkus restarts the service before it (Quarkus runs the test classes of one profile together, groups in the order of their first class name: Part1 before Part2), and the
 * restarted instance receives the rest of the stream together with a redelivery of this half.
 */
@QuarkusTest
class RestartMidStreamPart1Test {
    static final String EVALUATION = "ecoeval.test.restart.evaluation";
    static final String EVENTS = "ecoeval.test.restart.events";
    static final String DATABASE = "ecoeval.test.restart.jdbc-url";
    static final String KAFKA = "ecoeval.test.restart.kafka";

    @Test
    void the_first_half_of_a_stream_is_applied_before_the_restart() throws Exception {
        WorkedScenario s = new WorkedScenario();
        StringBuilder events = new StringBuilder();
        try (EventStream stream = new EventStream()) {
            s.publishPlan(stream);
            ScoreApi.awaitScore(s.county, s.evaluationId, "provisional", n -> n.hasNonNull("deltaEI"));
            for (SubmissionEvent e : new SubmissionEvent[] { s.eeb.submitted(), s.env.submitted(), s.wat.submitted(),
                    s.eeb.returned() }) {
                s.publish(stream, e);
                events.append(EventStream.JSON.writeValueAsString(e)).append('\n');
            }
        }
        assertThat(decimal(ScoreApi.awaitEvents(s.county, s.evaluationId, 4), "deltaEI"))
                .isEqualByComparingTo(technical(BigDecimal.ZERO, ENV));
        // the scenario object cannot cross the restart (another class loader): hand over through the JVM
        // the restarted instance must find this instance's database and broker (the test resources of a new profile
        // would start new ones)
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        System.setProperty(DATABASE, config.getValue("quarkus.datasource.jdbc.url", String.class));
        System.setProperty(KAFKA, config.getValue("kafka.bootstrap.servers", String.class));
        System.setProperty(EVALUATION, s.evaluationId);
        java.nio.file.Path file = java.nio.file.Files.createTempFile("ecoeval-restart-", ".jsonl");
        java.nio.file.Files.writeString(file, events);
        System.setProperty(EVENTS, file.toString());
    }
}
