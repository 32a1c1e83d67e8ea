package org.ecoeval.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.common.TopicPartition;

import io.agroal.api.AgroalDataSource;

/**
 * Where each consumer group stands in each partition, kept in the service's database ({@code
 * messaging_consumer_position}) and moved in the transaction of the records' effect, so that a batch's effect and its
 * position commit together or not at all. A record below the stored position has been applied, by whichever instance,
 * and is skipped: an instance still working on records of a partition it has lost (a zombie) can neither apply them
 * twice nor move the position back. {@link SeekToStoredPositions} starts an assigned partition at its stored position.
 */
@ApplicationScoped
public class ConsumerPositions {
    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic)
            .thenComparingInt(TopicPartition::partition);

    @Inject
    AgroalDataSource dataSource;

    /**
     * Locks the group's rows of these partitions until the caller's transaction ends (creating missing ones) and
     * returns their next offsets; 0 for a partition never applied. Rows are taken in one order, so that two instances
     * locking overlapping partitions never deadlock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<TopicPartition, Long> lock(String group, Collection<TopicPartition> partitions) {
        List<TopicPartition> sorted = partitions.stream().distinct().sorted(ORDER).toList();
        // "do update" with nothing changed still locks an existing row and returns it; an inserted row is locked too.
        String sql = "insert into messaging_consumer_position (consumer_group, topic, kafka_partition, next_offset, "
                + "updated_at) select ?, p.topic, p.kafka_partition, 0, ? from unnest(?, ?) as p(topic, kafka_partition) "
                + "on conflict (consumer_group, topic, kafka_partition) do update set "
                + "next_offset = messaging_consumer_position.next_offset "
                + "returning topic, kafka_partition, next_offset";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, group);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setArray(3, c.createArrayOf("varchar", sorted.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(4, c.createArrayOf("integer", sorted.stream().map(TopicPartition::partition).toArray()));
            return positions(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock the positions of " + group + " in " + sorted, e);
        }
    }

    /**
     * Moves the group's positions to these next offsets, never backwards, in the caller's transaction (which has
     * {@link #lock locked} the rows).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void advance(String group, Map<TopicPartition, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<TopicPartition> sorted = nextOffsets.keySet().stream().sorted(ORDER).toList();
        String sql = "update messaging_consumer_position s set next_offset = greatest(s.next_offset, n.next_offset), "
                + "updated_at = ? from unnest(?, ?, ?) as n(topic, kafka_partition, next_offset) "
                + "where s.consumer_group = ? and s.topic = n.topic and s.kafka_partition = n.kafka_partition";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setArray(2, c.createArrayOf("varchar", sorted.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(3, c.createArrayOf("integer", sorted.stream().map(TopicPartition::partition).toArray()));
            ps.setArray(4, c.createArrayOf("bigint", sorted.stream().map(nextOffsets::get).toArray()));
            ps.setString(5, group);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot move the positions of " + group, e);
        }
    }

    /** The stored next offsets of these partitions (those that have one), read without a lock. */
    public Map<TopicPartition, Long> read(String group, Collection<TopicPartition> partitions) {
        String sql = "select topic, kafka_partition, next_offset from messaging_consumer_position s "
                + "join unnest(?, ?) as p(topic, kafka_partition) using (topic, kafka_partition) "
                + "where s.consumer_group = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("varchar", partitions.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(2, c.createArrayOf("integer", partitions.stream().map(TopicPartition::partition).toArray()));
            ps.setString(3, group);
            return positions(ps);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the positions of " + group, e);
        }
    }

    private static Map<TopicPartition, Long> positions(PreparedStatement ps) throws SQLException {
        Map<TopicPartition, Long> out = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
        }
        return out;
    }
}
