package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** An assigned partition starts at the position stored with the effects, not at Kafka's committed offset. */
class SeekToStoredPositionsTest {
    private static final TopicPartition P0 = new TopicPartition("eco.submissions", 0);
    private static final TopicPartition P1 = new TopicPartition("eco.submissions", 1);

    @Test
    void an_assigned_partition_starts_at_its_stored_position_and_one_without_starts_where_kafka_says() {
        IncomingRecordsTest.KeptPositions positions = new IncomingRecordsTest.KeptPositions();
        positions.next.put(P0, 42L);
        SeekToStoredPositions listener = new SeekToStoredPositions();
        listener.positions = positions;
        MockConsumer<String, String> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.assign(List.of(P0, P1));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        consumer.updateEndOffsets(Map.of(P0, 100L, P1, 100L));
        consumer.commitSync(Map.of(P0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(7L),
                P1, new org.apache.kafka.clients.consumer.OffsetAndMetadata(9L)));

        listener.onPartitionsAssigned(consumer, List.of(P0, P1));

        assertThat(consumer.position(P0)).isEqualTo(42L);
        assertThat(consumer.position(P1)).isEqualTo(9L);
    }
}
