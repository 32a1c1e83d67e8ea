-- Where each consumer group stands in each partition: the next offset to apply, moved in the transaction of the
-- records' effect (ConsumerPositions). Kafka's own committed offsets stay, for lag metrics and as the start of a
-- partition that has no row here yet.
create table messaging_consumer_position (
    consumer_group  varchar(200) not null,
    topic           varchar(200) not null,
    kafka_partition integer      not null,
    next_offset     bigint       not null,
    updated_at      timestamptz  not null,
    primary key (consumer_group, topic, kafka_partition)
);
