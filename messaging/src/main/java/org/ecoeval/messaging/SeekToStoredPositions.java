package org.ecoeval.messaging;

import java.util.Collection;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Starts each partition a consumer is assigned at the position stored with the effects ({@link ConsumerPositions}),
 * not at Kafka's committed offset, which is committed later and may lag behind it. A channel uses it with
 * {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=stored-positions}; a partition without a
 * stored position starts where Kafka says.
 */
@ApplicationScoped
@Identifier(SeekToStoredPositions.NAME)
public class SeekToStoredPositions implements KafkaConsumerRebalanceListener {
    public static final String NAME = "stored-positions";
    private static final Logger LOG = Logger.getLogger(SeekToStoredPositions.class);

    @Inject
    ConsumerPositions positions;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String group = consumer.groupMetadata().groupId();
        Map<TopicPartition, Long> stored = positions.read(group, partitions);
        stored.forEach((partition, next) -> {
            if (partitions.contains(partition) && next > 0) {
                consumer.seek(partition, next);
            }
        });
        LOG.infof("%s assigned %s; starting at the stored positions %s", group, partitions, stored);
    }
}
