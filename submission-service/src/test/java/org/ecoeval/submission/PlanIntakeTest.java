package org.ecoeval.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.ecoeval.contracts.Topics;
import org.ecoeval.submission.domain.PlanBook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PlanIntakeTest {

    @Inject
    PlanBook plans;

    @Test
    void the_latest_plan_version_is_kept_and_an_older_one_arriving_later_is_ignored() {
        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 2, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 2);

        TestPlans.publish(evaluation, 1, true, TestPlans.inAMonth());
        TestPlans.publish(evaluation, 3, true, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 3);
        assertThat(plans.find(evaluation).orElseThrow().headApprovalRequired()).isTrue();

        // version 1 came after version 2 and was ignored: still 3, never went back
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        String marker = TestPlans.freshEvaluation();
        TestPlans.publish(marker, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(marker) == 1);
        assertThat(plans.version(evaluation)).isEqualTo(3);
        assertThat(plans.find(evaluation).orElseThrow().headApprovalRequired()).isTrue();
    }

    @Test
    void an_unreadable_plan_record_goes_to_the_dead_letter_topic_and_the_consumer_goes_on() {
        String garbage = "{not a plan " + UUID.randomUUID();
        TestPlans.publishRaw("garbage", garbage);
        String noInstances = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"evaluationId\":\"150425-1999\","
                + "\"planVersion\":1,\"plan\":{\"year\":1999,\"tasks\":[]}}";
        TestPlans.publishRaw("150425-1999", noInstances);

        assertThat(TestKafka.awaitContaining(Topics.deadLetter(Topics.PLANS), garbage, 1)).hasSize(1);
        assertThat(TestKafka.awaitContaining(Topics.deadLetter(Topics.PLANS), noInstances, 1)).hasSize(1);

        String evaluation = TestPlans.freshEvaluation();
        TestPlans.publish(evaluation, 1, false, TestPlans.inAMonth());
        await().atMost(Duration.ofSeconds(30)).until(() -> plans.version(evaluation) == 1);
        assertThat(plans.version("150425-1999")).isZero();
    }
}
