package org.creditgrid.local.generate;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends generated records to Kafka: idempotent, acks=all, optionally throttled to a rate. */
public final class KafkaRecordSink implements RecordSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final double recordsPerSecond;
    private final long started = System.nanoTime();
    private long sent;
    private volatile Exception failure;

    /** {@code kafka}: the brokers and client settings. */
    public KafkaRecordSink(Properties kafka, double recordsPerSecond) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "creditgrid-generator");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.recordsPerSecond = recordsPerSecond;
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestamp) {
        if (failure != null) {
            throw new IllegalStateException("sending to Kafka failed", failure);
        }
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, value), (m, e) -> {
            if (e != null) {
                failure = e;
            }
        });
        sent++;
        if (recordsPerSecond > 0) {
            long due = started + (long) (sent / recordsPerSecond * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                try {
                    Thread.sleep(wait / 1_000_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        producer.flush();
        producer.close();
        if (failure != null) {
            throw new IllegalStateException("sending to Kafka failed", failure);
        }
    }
}
