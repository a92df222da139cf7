package org.creditgrid.local;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import java.util.Properties;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.creditgrid.CreditGridJob;
import org.creditgrid.claim.Grid;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.Inspector;
import org.creditgrid.local.generate.InspectorRoster;
import org.creditgrid.local.generate.InspectionResults;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.UnitStatistics;
import org.creditgrid.local.monitor.MonitorServer;
import org.creditgrid.local.monitor.StatisticsCheck;

/**
 * The embedded default: a real Kafka broker and a Flink MiniCluster (web UI on 127.0.0.1:8081) in this JVM, the
 * production job on them, the synthetic city streamed through, two sampling plans and some of their results after
 * it, and a summary read back
 * from the output topics with a read_committed consumer.
 */
public final class Demo {

    /**
     * @param monitorPort the monitor page's port when {@code monitor} (0: any free port)
     * @param kafkaSecurity how every client, the job's and the demo's own, connects to the embedded broker
     */
    public record Options(int entities, long seed, int year, int badRecords, boolean follow, Path summaryJson,
                          Duration timeout, boolean monitor, int monitorPort, EmbeddedKafka.Security kafkaSecurity) {
        public Options(int entities, long seed, int year, int badRecords, boolean follow, Path summaryJson,
                       Duration timeout, boolean monitor, int monitorPort) {
            this(entities, seed, year, badRecords, follow, summaryJson, timeout, monitor, monitorPort,
                    EmbeddedKafka.Security.NONE);
        }
    }

    /** The share of the December visits whose results the demo reports back. */
    static final double RESULT_SHARE = 0.3;

    private final Options options;
    private final PrintStream err = System.err;

    public Demo(Options options) {
        this.options = options;
    }

    /** Runs the demo; returns the process exit code. */
    public int run() throws Exception {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("creditgrid-demo-");
        err.printf(Locale.ROOT, "Starting Kafka (KRaft, in-JVM) ...%n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(options.kafkaSecurity()); Admin admin = kafka.admin()) {
            kafkaSecrets = kafka.secrets();
            CreditGridConfig config = CreditGridConfig.defaults()
                    .withBootstrapServers(kafka.bootstrapServers())
                    .withKafkaClient(kafka.clientSettings())
                    .withCheckpointing(Duration.ofSeconds(2), work.resolve("checkpoints").toUri().toString())
                    .withParallelism(2);
            EmbeddedKafka.createTopics(admin, config.topics(), 2);
            err.printf(Locale.ROOT, "Kafka on %s, topics created.%n", kafka.bootstrapServers());
            if (kafka.clientPropertiesFile() != null) {
                EmbeddedKafka.Security security = kafka.security();
                err.printf(Locale.ROOT, "Kafka clients need %s (%s): every client of the job and of the demo uses "
                        + "them; other commands take --kafka-properties %s%n", security.scram() && security.tls()
                        ? "SCRAM-SHA-512 credentials over mutual TLS" : security.scram() ? "SCRAM-SHA-512 credentials"
                        : "mutual TLS", kafka.clientSettings(), kafka.clientPropertiesFile());
            }

            Configuration flink = config.flinkConfiguration();
            int restPort = freePort(8081, 8099);
            flink.setString("rest.bind-address", "127.0.0.1");
            flink.setString("rest.address", "127.0.0.1");
            flink.setString("rest.bind-port", String.valueOf(restPort));
            flink.setString("taskmanager.memory.managed.size", "256m");
            MetricsEndpoint.configure(flink, MetricsEndpoint.DEMO_PORTS);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(2);
            CreditGridJob.define(env, config);
            JobClient job = env.executeAsync(config.jobName());
            long jobStarted = System.nanoTime();
            String flinkRest = "http://127.0.0.1:" + restPort;
            err.printf(Locale.ROOT, "Flink job %s running (web UI: %s).%n", job.getJobID(), flinkRest);
            monitor = options.monitor() ? startMonitor(kafka.client(), config, flinkRest) : null;

            Grid grid = Grid.load(config.gridLocation());
            SyntheticCity city = new SyntheticCity(new SyntheticCity.Settings(options.entities(), options.seed(),
                    options.year(), options.badRecords(), config.topics()), grid);
            AtomicLong produced = new AtomicLong();
            DemoProgress progress = new DemoProgress(admin, config, produced);
            progress.start();
            SyntheticCity.Totals totals;
            try (KafkaRecordSink sink = new KafkaRecordSink(kafka.client(), 0)) {
                totals = city.generate(sink, produced::set);
            }
            produced.set(totals.records());
            awaitProcessed(admin, config, job);
            double processingSeconds = (System.nanoTime() - jobStarted) / 1e9;

            // The inspector library first, and in force everywhere before any plan is drawn from it.
            Map<String, String> trueUnits = city.trueUnits();
            List<Inspector> roster = InspectorRoster.of(grid.units(), trueUnits, options.year(), options.seed());
            try (KafkaRecordSink sink = new KafkaRecordSink(kafka.client(), 0)) {
                InspectorRoster.publish(roster, sink, config.topics().inspectors());
            }
            produced.addAndGet(roster.size());
            awaitProcessed(admin, config, job);

            List<SamplingPlan> plans = DefaultPlans.of(options.year(), options.seed());
            try (KafkaRecordSink sink = new KafkaRecordSink(kafka.client(), 0)) {
                for (SamplingPlan plan : plans) { // one partition: drawn in this order
                    sink.send(config.topics().plans(), plan.getPlanId().getBytes(StandardCharsets.UTF_8),
                            AvroCodec.of(SamplingPlan.class).encode(plan), plan.getEventTime().toEpochMilli());
                }
            }
            produced.addAndGet(plans.size());
            awaitProcessed(admin, config, job);

            // "One public", the later part: the inspectors report back on 30 % of the December visits.
            List<EnforcementEvent> results = reportedResults(config, kafka.client(),
                    plans.get(plans.size() - 1).getPlanId(), city, options.seed());
            try (KafkaRecordSink sink = new KafkaRecordSink(kafka.client(), 0)) {
                AvroCodec<EnforcementEvent> codec = AvroCodec.of(EnforcementEvent.class);
                for (EnforcementEvent e : results) {
                    sink.send(config.topics().events(), e.getCreditCode().getBytes(StandardCharsets.UTF_8),
                            codec.encode(e), e.getEventTime().toEpochMilli());
                }
            }
            produced.addAndGet(results.size());
            awaitProcessed(admin, config, job);
            progress.stop();
            MetricsEndpoint.find(MetricsEndpoint.DEMO_PORTS, config.jobName()).ifPresent(url ->
                    err.printf(Locale.ROOT, "Prometheus metrics: %s%n", url));
            // The unit statistics publish at most every few seconds: let the last ones out before the savepoint.
            awaitQuiet(admin, config.topics().unitStats());

            long savepointBytes = 0;
            if (!options.follow()) {
                // A final savepoint commits every open transaction before the summary is read.
                String savepoint = job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
                        SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
                savepointBytes = sizeOf(Path.of(java.net.URI.create(savepoint)));
            }
            Summary summary = Summary.read(kafka.client(), config.topics(), totals.entities(),
                    totals.records() + roster.size() + plans.size() + results.size(), totals.injectedBad(),
                    (System.nanoTime() - started) / 1e9, processingSeconds, savepointBytes, trueUnits);
            summary.print(System.out);
            Map<String, UnitStatistics> stats = StatisticsCheck.read(kafka.client(), config.topics().unitStats());
            boolean agrees = StatisticsCheck.differences(stats, summary).isEmpty();
            System.out.printf(Locale.ROOT, "%-17s %s%n", "unit-stats", StatisticsCheck.line(stats, summary));
            if (monitor != null) {
                agrees &= StatisticsCheck.await(monitor.view(), summary, Duration.ofSeconds(30));
                System.out.printf(Locale.ROOT, "%-17s %s (page: %s)%n", "monitor",
                        StatisticsCheck.line(monitor.view().all(), summary), monitor.address());
            }
            if (options.summaryJson() != null) {
                summary.writeJson(options.summaryJson());
                err.printf(Locale.ROOT, "Summary written to %s%n", options.summaryJson());
            }
            if (options.follow()) {
                followingSince = new Following(kafka.client(), flinkRest, summary.consistent() && agrees,
                        monitor == null ? null : monitor.address(),
                        summary.activeClasses(), summary.tasks(), summary.openCases());
                err.println("Following: the job keeps running on the embedded broker; Ctrl-C stops everything.");
                try {
                    Thread.currentThread().join();
                } catch (InterruptedException stop) { // the caller's stop (Ctrl-C ends the JVM instead)
                    job.cancel().get(1, TimeUnit.MINUTES);
                    throw stop;
                }
            }
            return summary.consistent() && agrees ? 0 : 1;
        } finally {
            if (monitor != null) {
                monitor.close();
            }
            deleteQuietly(work);
        }
    }

    private volatile MonitorServer monitor;
    private volatile List<String> kafkaSecrets = List.of();

    /** The secrets of the embedded broker's secured listener (none when open), for tests that look for leaks. */
    public List<String> kafkaSecrets() {
        return kafkaSecrets;
    }
    private volatile Following followingSince;

    /**
     * What a following demo offers: its broker and the client settings it needs, Flink's REST address, whether its summary held (and unit-stats agreed), the monitor page,
     * and the summary's figures the page shows: enterprises not deregistered per class, visits drawn, open cases.
     */
    public record Following(Properties kafka, String flinkRest, boolean consistent, String monitorAddress,
                            Map<String, Long> classes, long tasks, long openCases) {
        /** Without the client settings: they may hold the broker's secrets. */
        @Override
        public String toString() {
            return "Following[" + kafka.getProperty("bootstrap.servers") + ", " + flinkRest + ", consistent "
                    + consistent + ", " + monitorAddress + ", " + classes + ", tasks " + tasks + ", open cases "
                    + openCases + "]";
        }

        public long enterprises() {
            return classes.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The monitor page's address once it is up (with {@code monitor}), else null. */
    public String monitorAddress() {
        MonitorServer m = monitor;
        return m == null ? null : m.address();
    }

    /** Set once the summary is printed with {@code follow}; the demo runs until its thread is interrupted. */
    public Following following() {
        return followingSince;
    }

    private MonitorServer startMonitor(Properties kafka, CreditGridConfig config, String flinkRest)
            throws Exception {
        MonitorServer m = new MonitorServer(options.monitorPort(), kafka, config.topics(), flinkRest);
        err.printf(Locale.ROOT, "Monitor: %s (the map fills as the city streams in)%n", m.start());
        return m;
    }

    /**
     * Until {@code topic}'s end offsets have not moved for three checkpoint intervals: whatever was pending on a
     * processing-time timer has been published and committed.
     */
    private void awaitQuiet(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        long last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long end = endOffsets(admin, List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
            if (end != last) {
                last = end;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > Duration.ofSeconds(6).toNanos()) {
                return;
            }
            Thread.sleep(500);
        }
    }

    /** The first port in [from, to] nothing listens on (the demo's web UI: 8081 unless taken). */
    private static int freePort(int from, int to) {
        for (int port = from; port <= to; port++) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException taken) {
                // next
            }
        }
        throw new IllegalStateException("no free port in " + from + "-" + to + " for Flink's web UI");
    }

    /** Results for a share of the visits drawn by {@code planId}, as read back from the committed task topic. */
    private static List<EnforcementEvent> reportedResults(CreditGridConfig config, Properties kafka,
            String planId, SyntheticCity city, long seed) {
        AvroCodec<InspectionTask> codec = AvroCodec.of(InspectionTask.class);
        Map<String, InspectionTask> visits = new HashMap<>();
        CommittedReader.readAll(kafka, config.topics().tasks(), r -> {
            InspectionTask t = Summary.decode(codec, r.value());
            if (t.getPlanId().equals(planId)) {
                visits.merge(t.getTaskId(), t, Summary::newerRevision);
            }
        });
        // Within the simulated year, and never in the future (the job dead-letters future-dated events).
        Instant latest = city.lastInstant().isBefore(Instant.now()) ? city.lastInstant() : Instant.now();
        return InspectionResults.of(visits.values(), RESULT_SHARE, seed, 8, latest);
    }

    /** Waits until the job has committed offsets up to the end of every input topic (a completed checkpoint). */
    private void awaitProcessed(Admin admin, CreditGridConfig config, JobClient job) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (true) {
            long lag = lag(admin, config);
            // The network topic is the job's own feedback: caught up only once its news has gone round too.
            if (lag == 0 && (lag = feedbackLag(admin, config)) == 0) {
                return;
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the Flink job ended: " + job.getJobStatus().get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not catch up within " + options.timeout()
                        + "; " + lag + " input records unprocessed");
            }
            Thread.sleep(250);
        }
    }

    /** Input records not yet covered by a completed checkpoint. */
    public static long lag(Admin admin, CreditGridConfig config) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var e : endOffsets(admin, config.topics().inputs()).entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    /** The topics the job reads back from itself: its legal-representative group news. */
    private static List<String> feedbackTopics(CreditGridConfig config) {
        return config.topics().internal();
    }

    /** The end offset of every partition of {@code topics}. */
    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /**
     * Feedback records not yet covered by a completed checkpoint: the job reads back its legal-representative group
     * news (network topic). It is transactional: its end offsets also count commit markers, which
     * the source never reports as consumed, so the target is the offset after the last committed record of each
     * partition.
     */
    public static long feedbackLag(Admin admin, CreditGridConfig config) throws Exception {
        long lag = 0;
        for (String topic : feedbackTopics(config)) {
            lag += feedbackLag(admin, config, topic);
        }
        return lag;
    }

    /** The sum of the feedback topics' end offsets: it grows whenever the job commits news to itself. */
    public static long feedbackEnd(Admin admin, CreditGridConfig config) throws Exception {
        return endOffsets(admin, feedbackTopics(config)).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long feedbackLag(Admin admin, CreditGridConfig config, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
        Properties p = config.clientProperties();
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long lag = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            for (var info : consumer.partitionsFor(topic)) {
                TopicPartition tp = new TopicPartition(topic, info.partition());
                long stable = consumer.endOffsets(List.of(tp)).get(tp);
                OffsetAndMetadata c = committed.get(tp);
                lag += Math.max(0, afterLastRecord(consumer, tp, stable) - (c == null ? 0 : c.offset()));
            }
        }
        return lag;
    }

    private static long afterLastRecord(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long stable) {
        consumer.assign(List.of(tp));
        for (long window = 16; ; window *= 4) {
            long from = Math.max(0, stable - window);
            consumer.seek(tp, from);
            long last = -1;
            for (int polls = 0; consumer.position(tp) < stable && polls < 50; polls++) {
                for (var r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
                    last = Math.max(last, r.offset());
                }
            }
            if (last >= 0) {
                return last + 1;
            }
            if (from == 0) {
                return 0;
            }
        }
    }

    /**
     * Records written to the output topics so far, committed or not (end offsets, which also count one transaction
     * marker per partition and checkpoint): a progress figure only; the summary counts committed records.
     */
    static long written(Admin admin, CreditGridConfig config) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (var d : admin.describeTopics(config.topics().outputs()).allTopicNames().get().values()) {
            d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        long sum = 0;
        for (var e : admin.listOffsets(latest).all().get().values()) {
            sum += e.offset();
        }
        return sum;
    }

    private static long sizeOf(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temporary directory; the OS cleans what is left
        }
    }
}
