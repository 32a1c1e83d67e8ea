package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecoeval.contracts.CloudEventHeaders;
import org.ecoeval.contracts.Topics;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The outbox and its relay, as every service runs them, on real PostgreSQL and a real broker: order and exactly-one
 * publication with several relays at once, a broker stopped and started again, the retention of published rows.
 */
@QuarkusTest
class OutboxRelayTest {
    private static final String TOPIC = Topics.SUBMISSIONS;

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void three_relays_at_once_publish_every_row_exactly_once_and_in_order() throws Exception {
        String key = "order-" + UUID.randomUUID();
        int n = 60;
        // the relay woken by each commit, and two more looping as a second and a third instance would
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
        List<Future<Integer>> running = relays.stream().map(pool::submit).toList();
        for (int batch = 0; batch < n / 10; batch++) {
            int first = batch * 10;
            QuarkusTransaction.requiringNew().run(() -> {
                List<OutboxMessage> rows = new ArrayList<>();
                for (int i = first; i < first + 10; i++) {
                    rows.add(message(key, i));
                }
                outbox.append(rows);
            });
        }
        for (Future<Integer> r : running) {
            r.get();
        }
        pool.shutdown();

        List<ConsumerRecord<String, String>> records = RelayBroker.awaitRecords(TOPIC, key, n, Duration.ofSeconds(60));
        Map<String, Integer> perEvent = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            perEvent.merge(header(r, CloudEventHeaders.ID), 1, Integer::sum);
            order.add(sequenceOf(r.value()));
        }
        assertThat(perEvent).hasSize(n);
        assertThat(perEvent.values()).containsOnly(1);
        assertThat(order).isSorted(); // one key, one partition: the outbox's order is the topic's
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        assertThat(header(records.get(0), CloudEventHeaders.SOURCE)).isEqualTo("/messaging-test");
        assertThat(header(records.get(0), CloudEventHeaders.TYPE)).isEqualTo("TestEvent");
        assertThat(unpublished(key)).isZero();
    }

    @Test
    void rows_written_while_the_broker_is_stopped_wait_and_leave_in_order_once_it_is_back() throws Exception {
        String key = "outage-" + UUID.randomUUID();
        RelayBroker.broker().stop();
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.append(List.of(message(key, 0), message(key, 1),
                    message(key, 2))));
            // the relay tried, the broker did not acknowledge, every row waits with the reason
            await().atMost(Duration.ofSeconds(60)).until(() -> firstRowAttempts(key) >= 1);
            assertThat(unpublished(key)).isEqualTo(3);
            assertThat(firstRowError(key)).isNotBlank();
            assertThat(relay.unpublishedCount()).isGreaterThanOrEqualTo(3);
            assertThat(relay.lastError()).isNotBlank();
        } finally {
            RelayBroker.broker().restart();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(key) == 0);
        List<ConsumerRecord<String, String>> records = RelayBroker.awaitRecords(TOPIC, key, 3, Duration.ofSeconds(30));
        // a record the broker took but could not acknowledge before it stopped may come twice; never one missing,
        // never out of order among the first of each
        List<Integer> firstSeen = records.stream().map(r -> sequenceOf(r.value())).distinct().toList();
        assertThat(firstSeen).containsExactly(0, 1, 2);
    }

    @Test
    void published_rows_older_than_the_retention_are_deleted_and_waiting_ones_never() throws SQLException {
        String key = "retention-" + UUID.randomUUID();
        insertRow(key, "old-published", "now() - interval '8 days'", "now() - interval '8 days'");
        insertRow(key, "recently-published", "now() - interval '8 days'", "now() - interval '1 day'");
        insertRow(key, "old-waiting", "now() - interval '8 days'", "null");
        relay.purgePublished();
        List<String> left = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select event_type from messaging_outbox where record_key = ? order by seq")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
            }
        }
        // the waiting row stays until it is sent (the relay may have sent it meanwhile: then it is recent)
        assertThat(left).containsExactly("recently-published", "old-waiting");
    }

    private static OutboxMessage message(String key, int sequence) {
        return new OutboxMessage(TOPIC, key, UUID.randomUUID().toString(), "TestEvent",
                "{\"sequence\":" + sequence + "}");
    }

    private static int sequenceOf(String json) {
        return Integer.parseInt(json.replaceAll("\\D", ""));
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private long unpublished(String key) throws SQLException {
        return single("select count(*) from messaging_outbox where record_key = ? and published_at is null", key,
                rs -> rs.getLong(1));
    }

    private int firstRowAttempts(String key) throws SQLException {
        return single("select attempts from messaging_outbox where record_key = ? order by seq limit 1", key,
                rs -> rs.getInt(1));
    }

    private String firstRowError(String key) throws SQLException {
        return single("select last_error from messaging_outbox where record_key = ? order by seq limit 1", key,
                rs -> rs.getString(1));
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T single(String sql, String key, Column<T> column) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return column.read(rs);
            }
        }
    }

    private void insertRow(String key, String type, String createdAt, String publishedAt) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "insert into messaging_outbox (event_id, topic, record_key, event_type, payload, created_at, "
                        + "published_at) values (?, ?, ?, ?, '{}', " + createdAt + ", " + publishedAt + ")")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, TOPIC);
            ps.setString(3, key);
            ps.setString(4, type);
            ps.executeUpdate();
        }
    }
}
