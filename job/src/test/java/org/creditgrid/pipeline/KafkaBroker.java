package org.creditgrid.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A real KRaft Kafka broker in the test JVM (one combined node on 127.0.0.1), started once per test class. */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    private KafkaClusterTestKit cluster;
    /** Sends not yet known to have been written; checked (and failures sent again) by the next read. */
    private final List<Pending> pending = java.util.Collections.synchronizedList(new ArrayList<>());

    private record Pending(ProducerRecord<byte[], byte[]> record, java.util.concurrent.Future<?> sent) {}


    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        pending.clear();
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "2")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .setDeleteOnClose(true)
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates every topic of {@code topics}; retention is unlimited because test records carry past event times. */
    public void createTopics(Topics topics, int partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> all = new ArrayList<>();
            for (String t : topics.inputs()) {
                all.add(new NewTopic(t, topics.control().contains(t) ? 1 : partitions, (short) 1)
                        .configs(Map.of("retention.ms", "-1")));
            }
            for (String t : java.util.stream.Stream.concat(topics.outputs().stream(), topics.internal().stream())
                    .toList()) {
                all.add(new NewTopic(t, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
            admin.createTopics(all).all().get();
            // A created topic's leader is in the metadata before the broker has made the partition; an idempotent
            // producer writing in between gets NOT_LEADER_OR_FOLLOWER, then OUT_OF_ORDER_SEQUENCE_NUMBER on its
            // retries until its delivery timeout. Only a serving leader answers list-offsets.
            Map<TopicPartition, OffsetSpec> latest = new java.util.LinkedHashMap<>();
            for (NewTopic t : all) {
                for (int i = 0; i < t.numPartitions(); i++) {
                    latest.put(new TopicPartition(t.name(), i), OffsetSpec.latest());
                }
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (true) {
                try {
                    admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions().timeoutMs(10_000))
                            .all().get();
                    break;
                } catch (java.util.concurrent.ExecutionException e) { // e.g. the admin does not know the topic yet
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    public KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Sends one record. Sends are asynchronous: the first failure is kept and thrown by the next read, so a test
     * never mistakes an input that never reached the broker for a loss in the job.
     */
    public void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value, long timestamp) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        pending.add(new Pending(record, producer.send(record)));
    }

    /**
     * Makes sure every test input reached the broker: a send that failed (the test broker has, rarely, left a
     * partition unwritable for a producer until its delivery timeout) is sent again by a fresh producer; one that
     * fails again fails the test, so an input that never arrived is never mistaken for a loss in the job.
     */
    private void settleSends() {
        List<Pending> now;
        synchronized (pending) {
            now = new ArrayList<>(pending);
            pending.clear();
        }
        List<ProducerRecord<byte[], byte[]>> again = new ArrayList<>();
        for (Pending p : now) {
            try {
                p.sent().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                again.add(p.record());
            }
        }
        if (again.isEmpty()) {
            return;
        }
        try (KafkaProducer<byte[], byte[]> fresh = producer()) {
            for (ProducerRecord<byte[], byte[]> r : again) {
                fresh.send(r).get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(again.size() + " test inputs could not be written, e.g. to "
                    + again.get(0).topic() + ": " + e, e);
        }
    }

    /** Everything committed on {@code topic} now, as a read_committed consumer sees it. */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        settleSends();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** Polls {@link #readCommitted} until {@code done} holds or the timeout passes; returns the last read. */
    public List<ConsumerRecord<byte[], byte[]>> awaitCommitted(String topic, Duration timeout,
                                                               Predicate<List<ConsumerRecord<byte[], byte[]>>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> last = readCommitted(topic);
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = readCommitted(topic);
        }
        return last;
    }
}
