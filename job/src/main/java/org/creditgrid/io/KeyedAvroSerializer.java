package org.creditgrid.io;

import java.io.Serializable;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record to one topic: key from the record (the credit code for every output), value single-object Avro.
 * The Kafka timestamp is left to the producer (publication time): event time is in the record, and a backfill of
 * old event times would otherwise be deleted by time-based retention as soon as it is written.
 *
 * <p>It names its topic to the sink ({@link KafkaDatasetFacetProvider}): the pooled transactional ids need it to find
 * and abort a crashed run's open transactions.
 */
public class KeyedAvroSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T>, KafkaDatasetFacetProvider {

    /** A serialisable key extractor. */
    public interface KeyOf<T> extends Function<T, byte[]>, Serializable {}

    private final String topic;
    private final AvroCodec<T> codec;
    private final KeyOf<T> keyOf;

    public KeyedAvroSerializer(String topic, Class<T> type, KeyOf<T> keyOf) {
        this.topic = topic;
        this.codec = AvroCodec.of(type);
        this.keyOf = keyOf;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, null, keyOf.apply(element), codec.encode(element));
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return facet(topic);
    }

    /** The facet of a serializer that writes to {@code topic} only. */
    public static Optional<KafkaDatasetFacet> facet(String topic) {
        return Optional.of(new DefaultKafkaDatasetFacet(DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }
}
