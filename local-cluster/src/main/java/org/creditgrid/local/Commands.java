package org.creditgrid.local;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends one command record (a rules version, a grid, a plan) to a running job's topic. */
public final class Commands {

    private Commands() {}

    /**
     * Sends one record with {@code kafka}, the brokers and client settings ({@link KafkaOptions#client()}); returns
     * 0 when the broker acknowledged the record; 1, with the reason on stderr, when it did not.
     */
    public static int send(Properties kafka, String topic, String key, byte[] value, Long timestamp) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put("acks", "all");
        p.put("max.block.ms", "15000"); // a clear error soon when no broker answers
        p.put("max.request.size", Integer.toString(8 << 20)); // a grid file is large
        try (var producer = new KafkaProducer<byte[], byte[]>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
            return 0;
        } catch (Exception e) {
            System.err.println("Could not send to " + topic + " at " + kafka.getProperty("bootstrap.servers") + ": " + e.getMessage());
            return 1;
        }
    }
}
