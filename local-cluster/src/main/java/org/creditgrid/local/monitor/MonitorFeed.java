package org.creditgrid.local.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.UnitStatistics;

/**
 * Follows {@code unit-stats}, {@code inspection-triggers} and {@code inspection-publications} from their beginning as
 * an independent {@code read_committed} consumer (no group: nothing committed, every start reads the whole history)
 * into a {@link CityView}, and hands each change to {@code events} as (event name, JSON-ready map). A record that does
 * not decode is skipped and counted: the monitor shows what it can, it does not stop.
 */
public final class MonitorFeed implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MonitorFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final CityView view;
    private final BiConsumer<String, Map<String, Object>> events;
    private final Thread thread;
    private final AvroCodec<UnitStatistics> stats = AvroCodec.of(UnitStatistics.class);
    private final AvroCodec<InspectionTrigger> triggers = AvroCodec.of(InspectionTrigger.class);
    private final AvroCodec<InspectionPublication> publications = AvroCodec.of(InspectionPublication.class);
    private volatile boolean running = true;
    private volatile long undecodable;

    public MonitorFeed(Properties kafka, Topics topics, CityView view,
                       BiConsumer<String, Map<String, Object>> events) {
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "creditgrid-monitor");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.view = view;
        this.events = events;
        this.thread = new Thread(this::run, "monitor-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.unitStats(), topics.triggers(), topics.publications())) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread.start();
    }

    /** Records skipped because they did not decode. */
    public long undecodable() {
        return undecodable;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        handle(r);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        long now = System.currentTimeMillis();
        if (r.topic().equals(topics.unitStats())) {
            UnitStatistics u = decode(stats, r);
            if (u != null) {
                emit("stats", view.accept(u, now));
            }
        } else if (r.topic().equals(topics.triggers())) {
            InspectionTrigger t = decode(triggers, r);
            if (t != null) {
                emit("trigger", view.accept(t, now));
            }
        } else {
            InspectionPublication p = decode(publications, r);
            if (p != null) {
                emit("outcomes", view.accept(p, now));
            }
        }
    }

    private <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec,
                                                                       ConsumerRecord<byte[], byte[]> r) {
        try {
            return codec.decode(r.value());
        } catch (java.io.IOException | org.apache.avro.AvroRuntimeException e) {
            if (undecodable++ == 0) {
                LOG.warn("{}-{}@{} does not decode as {}: {} (further ones are counted only)", r.topic(),
                        r.partition(), r.offset(), codec.type().getSimpleName(), e.getMessage());
            }
            return null;
        }
    }

    private void emit(String event, Map<String, Object> json) {
        if (json != null) {
            events.accept(event, json);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
