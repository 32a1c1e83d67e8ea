package org.ecoeval.submission.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.SubmissionEvent;
import org.ecoeval.contracts.SubmissionStatus;
import org.ecoeval.contracts.Topics;
import org.ecoeval.messaging.Outbox;
import org.ecoeval.messaging.OutboxMessage;
import org.ecoeval.messaging.OutboxRelay;
import org.ecoeval.submission.TestKafka;
import org.ecoeval.submission.TestPlans;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
/** The messaging module's outbox relay, in a real service on real PostgreSQL and Kafka. */
class OutboxRelayTest {

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    EntityManager em;

    private static String json(SubmissionEvent event) {
        try {
            return TestPlans.JSON.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void relays_running_at_once_publish_every_row_exactly_once_and_in_order() throws Exception {
        String evaluation = TestPlans.freshEvaluation();
        String submission = UUID.randomUUID().toString();
        int n = 60;
        // rows written in several transactions, while three relays (the post-commit one and two more, as a
        // second and third service instance would) compete for them
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Callable<Integer>> relays = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            relays.add(() -> {
                int total = 0;
                Instant end = Instant.now().plusSeconds(3);
                while (Instant.now().isBefore(end)) {
                    total += relay.relayBatch();
                }
                return total;
            });
        }
        var running = relays.stream().map(pool::submit).toList();
        for (int batch = 0; batch < n / 10; batch++) {
            int first = batch * 10;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int v = first + 1; v <= first + 10; v++) {
                    SubmissionEvent event = new SubmissionEvent(UUID.randomUUID().toString(),
                            SubmissionEvent.Type.SubmissionSubmitted, submission, v, evaluation, "FOREST",
                            "FOREST-DATA", SubmissionStatus.SUBMITTED, List.of(), List.of(), List.of(), null,
                            Instant.now(), Instant.now(), false);
                    outbox.append(new OutboxMessage(Topics.SUBMISSIONS, evaluation, event.eventId(),
                            event.type().name(), json(event)));
                }
            });
        }
        for (var r : running) {
            r.get();
        }
        pool.shutdown();

        List<ConsumerRecord<String, String>> records = TestKafka.awaitContaining(Topics.SUBMISSIONS, submission, n);
        Map<String, Integer> perEvent = new HashMap<>();
        List<Integer> versions = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            SubmissionEvent e = TestPlans.JSON.readValue(r.value(), SubmissionEvent.class);
            perEvent.merge(e.eventId(), 1, Integer::sum);
            versions.add(e.version());
            assertThat(r.key()).isEqualTo(evaluation);
        }
        assertThat(perEvent).hasSize(n);
        assertThat(perEvent.values()).containsOnly(1);
        // one key, one partition: the order of the outbox is the order on the topic
        assertThat(versions).isSorted();
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        long unpublished = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from messaging_outbox where record_key = ?1 and published_at is null")
                .setParameter(1, evaluation).getSingleResult()).longValue());
        assertThat(unpublished).isZero();
    }

    @Test
    void published_rows_older_than_the_retention_are_deleted_and_waiting_ones_never() {
        String evaluation = TestPlans.freshEvaluation();
        QuarkusTransaction.requiringNew().run(() -> {
            insertRow(evaluation, "old-published", "now() - interval '8 days'", "now() - interval '8 days'");
            insertRow(evaluation, "recently-published", "now() - interval '8 days'", "now() - interval '1 day'");
            insertRow(evaluation, "old-waiting", "now() - interval '8 days'", "null");
        });
        relay.purgePublished();
        @SuppressWarnings("unchecked")
        List<String> left = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select event_type from messaging_outbox where record_key = ?1 order by seq")
                .setParameter(1, evaluation).getResultList());
        assertThat(left).containsExactly("recently-published", "old-waiting");
        // the waiting row stays until it is sent (the relay may have sent it meanwhile: then it is recent)
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from messaging_outbox where record_key = ?1").setParameter(1, evaluation).executeUpdate());
    }

    private void insertRow(String evaluation, String type, String createdAt, String publishedAt) {
        em.createNativeQuery("insert into messaging_outbox (event_id, topic, record_key, event_type, payload, "
                + "created_at, published_at) values (?1, 'eco.submissions', ?2, ?3, '{}', " + createdAt + ", " + publishedAt
                + ")").setParameter(1, UUID.randomUUID().toString()).setParameter(2, evaluation).setParameter(3, type)
                .executeUpdate();
    }
}
