package org.creditgrid.local.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.PenaltyKind;
import org.creditgrid.schema.PenaltyProcedure;

/**
 * End-to-end latency at a fixed input rate: administrative penalties (a fine under the normal procedure, which adds
 * points and so changes the profile, unless the dimension is already at its cap) sent to the events topic at
 * {@code rate} per second, each with its own event time; a read_committed consumer of the profiles topic matches a
 * profile to its event by (credit code, event time). Latency is from the broker's acknowledgement of the event to the
 * poll that returns the profile, both on this JVM's clock; with exactly-once sinks it includes the wait for the next
 * checkpoint.
 */
final class LatencyProbe {

    /** Milliseconds; {@code matched} of {@code sent} events changed a profile within the wait. */
    record Latency(double rate, int sent, int matched, long p50Ms, long p99Ms, long maxMs) {}

    private LatencyProbe() {}

    static Latency run(String bootstrapServers, String eventsTopic, String profilesTopic, List<String> codes,
                       Instant firstEventTime, double rate, int seconds, Duration drain) throws Exception {
        int n = (int) Math.max(1, Math.round(rate * seconds));
        Map<String, Long> acked = new ConcurrentHashMap<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        AvroCodec<EnforcementEvent> events = AvroCodec.of(EnforcementEvent.class);
        AvroCodec<EnterpriseProfile> profiles = AvroCodec.of(EnterpriseProfile.class);
        List<Long> latencies = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(profilesTopic).stream()
                    .map(i -> new TopicPartition(profilesTopic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anything is sent
            long started = System.nanoTime();
            int sent = 0;
            long drainUntil = Long.MAX_VALUE;
            while (latencies.size() < n && System.nanoTime() < drainUntil) {
                // Send what is due by now, then poll briefly: one thread keeps both clocks honest.
                long due = Math.min(n, (long) ((System.nanoTime() - started) / 1e9 * rate) + 1);
                for (; sent < due; sent++) {
                    String code = codes.get(sent % codes.size());
                    long eventTime = firstEventTime.toEpochMilli() + sent;
                    EnforcementEvent e = penalty(code, sent, eventTime);
                    String key = code + "@" + eventTime;
                    producer.send(new ProducerRecord<>(eventsTopic, null, eventTime,
                                    code.getBytes(StandardCharsets.UTF_8), events.encode(e)),
                            (m, ex) -> {
                                if (ex == null) {
                                    acked.putIfAbsent(key, System.currentTimeMillis());
                                }
                            });
                }
                if (sent == n && drainUntil == Long.MAX_VALUE) {
                    producer.flush();
                    drainUntil = System.nanoTime() + drain.toNanos();
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    if (r.value() == null) {
                        continue;
                    }
                    EnterpriseProfile profile = profiles.decode(r.value());
                    Long ack = acked.remove(profile.getCreditCode() + "@" + profile.getEventTime().toEpochMilli());
                    if (ack != null) {
                        latencies.add(System.currentTimeMillis() - ack);
                    }
                }
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Latency(rate, sent, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
        }
    }

    private static EnforcementEvent penalty(String code, int i, long eventTime) {
        return EnforcementEvent.newBuilder()
                .setEventId(code + "-BENCH-" + i)
                .setCreditCode(code)
                .setEventTime(Instant.ofEpochMilli(eventTime))
                .setDepartment("SAMR")
                .setKind(EventKind.PENALTY)
                .setDetail(new Penalty("穗市监罚〔bench〕" + i + "号", PenaltyProcedure.NORMAL, PenaltyKind.FINE,
                        50_000L, PenaltyField.GENERAL, false))
                .build();
    }

    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
