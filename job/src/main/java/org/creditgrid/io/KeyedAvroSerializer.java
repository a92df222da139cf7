package org.creditgrid.io;

import java.io.Serializable;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a record to one topic: key from the record (the credit code for every output), value single-object Avro. */
public class KeyedAvroSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

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
        return new ProducerRecord<>(topic, null, timestamp, keyOf.apply(element), codec.encode(element));
    }
}
