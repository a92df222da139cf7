package org.creditgrid.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.creditgrid.claim.Grid;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.Demo;
import org.creditgrid.local.DefaultPlans;
import org.creditgrid.local.cluster.LocalCluster;
import org.creditgrid.local.generate.InspectorRoster;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.RecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.SamplingPlan;

/**
 * Chaos rounds on the real local stack ({@link LocalCluster}: the broker, the JobManager and two TaskManagers are
 * separate processes). The synthetic city of a seed streams at a fixed rate into the job there while each round
 * injects one fault at its point of the stream, in this order, over and over: {@link Fault}. At the same time the same
 * city streams, at the same rate and holding for the same plan draws, into a fault-free reference run of the same job
 * on a broker and a MiniCluster inside this JVM ({@link EmbeddedDeployment}), which no fault reaches. An independent verifier
 * ({@link Outputs}) then reads both runs' outputs {@code read_committed} and checks: no profile version published
 * twice or missing; no trigger or task revision published twice; the final profiles, triggers, tasks and draw
 * publications equal to the reference's. Recovery is timed per round: from the fault to the completion of the first
 * checkpoint triggered after it (its transactions are committed right after: output flows again).
 *
 * <p>Sampling plans are drawn where the stream holds and the job has caught up (inputs and its feedback topic), in
 * both runs, so a draw sees the same enterprises; so the plan rounds do not change the reference's input order.
 */
public final class Chaos {

    /** The faults, injected in this order round after round (unless {@link Options#faults} names others). */
    public enum Fault {
        TASKMANAGER_KILL("kill -9 TaskManager"),
        JOBMANAGER_KILL("kill -9 JobManager, resume from retained checkpoint"),
        BROKER_KILL("kill -9 Kafka broker, restart"),
        TASKMANAGER_PAUSE("SIGSTOP TaskManager past heartbeat timeout, SIGCONT"),
        SAVEPOINT_IN_DRAW("stop-with-savepoint during a plan draw, resume");

        public final String description;

        Fault(String description) {
            this.description = description;
        }
    }

    /**
     * @param faults   the faults the rounds inject, in turn (null or empty: every {@link Fault}, in its order)
     * @param home     the local-cluster directory (its target/lib, the job jar beside it)
     * @param work     where the run's cluster keeps its data, the reference's under {@code reference/} (a fresh
     *                 directory)
     * @param rate     input records per second of both runs (between the rounds' holds)
     * @param timeout  for the job to catch up or recover, each time
     * @param sourceIdleness the job's {@code --source-idleness} in both runs; null for the job's default (30 s).
     *                 Each run ends by waiting it out (see {@link #stream}), so a short one makes a short run
     */
    public record Options(int rounds, List<Fault> faults, long seed, int entities, double rate, Path home, Path work,
                          Path json, Duration timeout, Duration sourceIdleness, PrintStream out) {
        public Options {
            faults = faults == null || faults.isEmpty() ? List.of(Fault.values()) : List.copyOf(faults);
        }

        /** The fault of round {@code k} (from 0). */
        Fault fault(int k) {
            return faults.get(k % faults.size());
        }
    }

    /**
     * A round: its fault, on what, at which input record, what it did to the job, and the seconds from the fault to
     * the first checkpoint completed after it ({@code recoverySeconds}; NaN if it did not recover in time).
     */
    public record Round(int number, Fault fault, String target, long atRecord, String job, double recoverySeconds,
                        String note, boolean asIntended) {}

    /**
     * A run's input topics as read back {@code read_committed}: its records, and against the reference's input, the
     * extra copies of one of its records (an upstream producer's retry can write a batch twice — seen: the
     * generator's idempotent producer across the broker's {@code kill -9} — which the job must absorb), the records
     * it does not have at all, and those missing.
     * Records compare by topic, key, value and timestamp; the city itself repeats some on purpose.
     */
    public record Input(long records, long extraCopies, long unexpected, long missing) {

        static Input of(Map<ByteBuffer, Integer> run, Map<ByteBuffer, Integer> reference) {
            long records = 0;
            long extra = 0;
            long unexpected = 0;
            long missing = 0;
            for (var e : run.entrySet()) {
                records += e.getValue();
                int theirs = reference.getOrDefault(e.getKey(), 0);
                if (theirs == 0) {
                    unexpected += e.getValue();
                } else {
                    extra += Math.max(0, e.getValue() - theirs);
                }
            }
            for (var e : reference.entrySet()) {
                missing += Math.max(0, e.getValue() - run.getOrDefault(e.getKey(), 0));
            }
            return new Input(records, extra, unexpected, missing);
        }
    }

    /** What the run measured and whether it passed. */
    public record Result(List<Round> rounds, Outputs reference, Outputs chaos, Outputs.Comparison comparison,
                         long inputRecords, Input referenceInput, Input chaosInput, double seconds,
                         long referenceWatermark, long chaosWatermark) {

        public boolean recovered() {
            return rounds.stream().noneMatch(r -> Double.isNaN(r.recoverySeconds()));
        }

        public long duplicates() {
            return chaos.duplicateVersions() + chaos.duplicateTriggers() + chaos.duplicateTaskRevisions()
                    + chaos.duplicateDraws();
        }

        public long lost() {
            return chaos.missingVersions() + chaos.missingTaskRevisions() + comparison.profiles.missing.size()
                    + comparison.eventTriggers.missing.size() + comparison.tasks.missing.size()
                    + comparison.draws.missing.size();
        }

        /**
         * Every round recovered and did what it is for (a TaskManager fault failed the job over, a draw was stopped
         * with its first task uncommitted); no duplicate, no loss; the final outputs identical; the reference itself
         * sound; the reference's input topics hold as many records as were generated, the faulty run's every one of
         * them and no other (extra copies of one are counted and shown: the outputs must not show them); and there was
         * something to compare.
         */
        public boolean passed() {
            return recovered() && rounds.stream().allMatch(Round::asIntended) && duplicates() == 0 && lost() == 0
                    && comparison.identical() && comparison.profiles.compared > 0
                    && reference.duplicateVersions() + reference.missingVersions() + reference.duplicateTriggers()
                            + reference.duplicateTaskRevisions() + reference.duplicateDraws() == 0
                    && referenceInput.records() == inputRecords && chaosInput.missing() == 0
                    && chaosInput.unexpected() == 0;
        }

        public double medianRecovery() {
            double[] r = rounds.stream().mapToDouble(Round::recoverySeconds).filter(d -> !Double.isNaN(d)).sorted()
                    .toArray();
            return r.length == 0 ? Double.NaN
                    : r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
        }
    }

    /** The chaos cluster's heartbeats: a paused TaskManager is declared lost after 10 s instead of Flink's 50 s. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a TaskManager stays stopped: past the heartbeat timeout. */
    static final Duration PAUSE = HEARTBEAT_TIMEOUT.plusSeconds(5);
    /** How long the broker stays dead. */
    static final Duration BROKER_OUTAGE = Duration.ofSeconds(5);
    static final String CHECKPOINT_INTERVAL = "2 s";
    static final int YEAR = 2024;

    private final Options o;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalCluster cluster;
    /** {@link #cluster} as the faulty run's deployment. */
    private Deployment faulty;

    public Chaos(Options options) {
        this.o = options;
        this.out = options.out();
    }

    public Result run() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(o.work());
        cluster = new LocalCluster(o.home(), o.work(), LocalCluster.freePortPair(), LocalCluster.freePort(), out)
                .withFlinkSetting("heartbeat.interval", "2000")
                .withFlinkSetting("heartbeat.timeout", Long.toString(HEARTBEAT_TIMEOUT.toMillis()))
                .withFlinkSetting("restart-strategy.exponential-delay.max-backoff", "10 s")
                .withFlinkSetting("web.exception-history-size", "1000");
        try {
            cluster.start();
            faulty = Deployment.of(cluster);
            Grid grid = Grid.load(Grid.DEFAULT_LOCATION);
            Topics topics = Topics.defaults();
            try (Admin admin = Admin.create(faulty.client())) {
                keepEveryRecord(admin, topics);
            }
            long total = countRecords(grid);
            long[] positions = new long[o.rounds()];
            for (int k = 0; k < o.rounds(); k++) {
                positions[k] = total * (k + 1) / (o.rounds() + 1);
            }
            out.printf(Locale.ROOT, "Chaos: %d rounds over a city of %,d entities (%,d input records), seed %d%n",
                    o.rounds(), o.entities(), total, o.seed());

            try (EmbeddedDeployment reference = EmbeddedDeployment.start(topics, o.work().resolve("reference"))) {
                try (Admin admin = Admin.create(reference.client())) {
                    keepEveryRecord(admin, topics);
                }
                out.printf(Locale.ROOT, "Reference run, no fault, at %.0f records/s: a broker and a MiniCluster in "
                        + "this JVM, at the same time as the faulty run ...%n", o.rate());
                List<String> referenceArgs = jobArgs(reference, "creditgrid-reference",
                        o.work().resolve("reference/checkpoints").toUri().toString());
                FutureTask<Long> referenceRun = new FutureTask<>(() ->
                        stream(reference, referenceArgs, topics, grid, positions, null));
                Thread referenceThread = new Thread(referenceRun, "chaos-reference");
                referenceThread.setDaemon(true);
                referenceThread.start();
                try {
                    out.printf(Locale.ROOT, "Faulty run at %.0f records/s on the local cluster's processes ...%n",
                            o.rate());
                    List<Round> rounds = new ArrayList<>();
                    long chaosWatermark = stream(faulty, jobArgs(faulty, "creditgrid", null), topics, grid,
                            positions, rounds);
                    long referenceWatermark;
                    try {
                        referenceWatermark = referenceRun.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("the reference run failed", e.getCause());
                    }
                    Outputs referenceOutputs = Outputs.read(reference.client(), topics);
                    Map<ByteBuffer, Integer> referenceRecords = inputRecords(reference, topics);
                    Input referenceInput = Input.of(referenceRecords, referenceRecords);
                    Outputs chaos = Outputs.read(faulty.client(), topics);
                    Input chaosInput = Input.of(inputRecords(faulty, topics), referenceRecords);
                    long expectedInput = total + roster(grid).size() + plansOf(positions).size();
                    Result result = new Result(rounds, referenceOutputs, chaos, chaos.compareTo(referenceOutputs),
                            expectedInput, referenceInput, chaosInput, (System.nanoTime() - started) / 1e9,
                            referenceWatermark, chaosWatermark);
                    ChaosReport.print(result, out);
                    if (o.json() != null) {
                        ChaosReport.writeJson(result, o, o.json());
                    }
                    return result;
                } catch (Exception | Error e) {
                    if (referenceRun.isDone() && !referenceRun.isCancelled()) {
                        try {
                            referenceRun.get();
                        } catch (ExecutionException referenceFailed) {
                            e.addSuppressed(referenceFailed.getCause());
                        }
                    }
                    throw e;
                } finally {
                    // Before the reference's broker and MiniCluster close: a reference still running ends here.
                    referenceRun.cancel(true);
                    referenceThread.join(Duration.ofSeconds(60).toMillis());
                }
            }
        } finally {
            cluster.down();
        }
    }

    // ------------------------------------------------------------------------------------------------- one run

    /**
     * Submits the job with {@code args} on {@code on}, streams the inspectors then the city through a
     * {@link RoundGate}, holds at each round's position; with {@code rounds} null (the reference) only the plan rounds
     * do anything (the draw without a fault). Ends with the job caught up and stopped with a savepoint, so every
     * transaction is committed. Returns the task follow-up's watermark at the end ({@link #followUpWatermark}).
     */
    private long stream(Deployment on, List<String> args, Topics topics, Grid grid, long[] positions,
                        List<Round> rounds) throws Exception {
        CreditGridConfig config = CreditGridConfig.fromArgs(args.toArray(String[]::new));
        AtomicReference<String> jobId = new AtomicReference<>(on.submit(args));
        if (Double.isNaN(awaitCheckpointAfter(on, jobId.get(), System.currentTimeMillis()))) {
            throw new IllegalStateException("job " + jobId.get() + " completed no checkpoint within " + o.timeout());
        }
        try (KafkaRecordSink sink = new KafkaRecordSink(on.client(), 0)) {
            InspectorRoster.publish(roster(grid), sink, topics.inspectors());
        }
        SyntheticCity city = new SyntheticCity(new SyntheticCity.Settings(o.entities(), o.seed(), YEAR, 0, topics),
                grid);
        RoundGate gate = new RoundGate(new KafkaRecordSink(on.client(), 0), o.rate(), positions);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread generator = new Thread(() -> {
            try (gate) {
                city.generate(gate, n -> { });
            } catch (Throwable t) {
                failed.set(t);
            } finally {
                gate.finish();
            }
        }, rounds == null ? "reference-generator" : "chaos-generator");
        generator.setDaemon(true);
        generator.start();
        List<SamplingPlan> plans = plansOf(positions);
        Random targets = new Random(o.seed());
        long watermark;
        try (Admin admin = Admin.create(on.client())) {
            int plan = 0;
            for (int k = 0; k < positions.length; k++) {
                gate.awaitReached(k);
                Fault fault = o.fault(k);
                if (failed.get() != null) {
                    break;
                }
                if (fault == Fault.SAVEPOINT_IN_DRAW) {
                    SamplingPlan p = plans.get(plan++);
                    awaitProcessed(admin, config);
                    if (rounds == null) {
                        send(on, topics.plans(), p);
                        awaitProcessed(admin, config);
                    } else {
                        rounds.add(drawWithSavepoint(k + 1, positions[k], p, topics, jobId));
                    }
                    gate.release(k);
                } else {
                    gate.release(k);
                    if (rounds != null) {
                        rounds.add(inject(k + 1, fault, positions[k], targets, jobId));
                    }
                }
            }
            generator.join();
            if (failed.get() != null) {
                throw new IllegalStateException("the generator failed", failed.get());
            }
            awaitProcessed(admin, config);
            // After a restore every source partition starts without a watermark; one that gets no record after it
            // holds event time back until --source-idleness marks it idle. Wait that out, so the timers due by
            // the stream's end (overdue tasks, expiries) have fired in this run as in the reference (the watermark
            // moves at the next periodic emission, 200 ms; 5 s to spare).
            Thread.sleep(config.sourceIdleness().plusSeconds(5).toMillis());
            awaitProcessed(admin, config);
            watermark = followUpWatermark(on, jobId.get());
        } finally {
            generator.interrupt(); // a round that threw leaves the generator held: end it with its producer
        }
        on.stop();
        if (rounds == null) {
            out.println("Reference run: caught up and stopped with a savepoint.");
        }
        return watermark;
    }

    /** One process fault; returns the round once the job has committed a checkpoint triggered after the fault. */
    private Round inject(int number, Fault fault, long at, Random targets, AtomicReference<String> jobId)
            throws Exception {
        String tm = LocalCluster.TASKMANAGERS.get(targets.nextInt(LocalCluster.TASKMANAGERS.size()));
        Failures before = failures(jobId.get());
        long t0 = System.currentTimeMillis();
        String target;
        String job;
        switch (fault) {
            case TASKMANAGER_KILL -> {
                target = tm;
                cluster.signal(tm, "KILL");
                cluster.start(); // a supervisor's restart of the process
                job = null;
            }
            case JOBMANAGER_KILL -> {
                target = LocalCluster.JOBMANAGER;
                cluster.signal(LocalCluster.JOBMANAGER, "KILL");
                cluster.start();
                String from = cluster.latestRestorePoint().orElseThrow(() ->
                        new IllegalStateException("no retained checkpoint to resume from"));
                jobId.set(cluster.resumeFrom(from));
                job = "resubmitted from " + shortPath(from);
            }
            case BROKER_KILL -> {
                target = LocalCluster.KAFKA;
                cluster.signal(LocalCluster.KAFKA, "KILL");
                Thread.sleep(BROKER_OUTAGE.toMillis());
                cluster.start();
                job = null;
            }
            case TASKMANAGER_PAUSE -> {
                target = tm;
                cluster.signal(tm, "STOP");
                Thread.sleep(PAUSE.toMillis());
                cluster.signal(tm, "CONT");
                job = null;
            }
            default -> throw new IllegalArgumentException(fault.name());
        }
        double recovery = awaitCheckpointAfter(faulty, jobId.get(), t0);
        String note = "";
        boolean intended = true;
        if (job == null) {
            Failures after = failures(jobId.get());
            long n = after.count() - before.count();
            job = before.count() < 0 || after.count() < 0 ? "failures unknown (REST)"
                    : n == 0 ? "no failure, kept running" : n + (n == 1 ? " failure" : " failures") + ", restarted";
            note = n > 0 ? after.newest() : "";
            // A TaskManager killed or paused past the heartbeat timeout must fail the job over.
            intended = fault == Fault.BROKER_KILL || (before.count() >= 0 && after.count() >= 0 && n > 0);
        }
        Round r = new Round(number, fault, target, at, job, recovery, note, intended);
        out.println(ChaosReport.line(r));
        return r;
    }

    /**
     * Sends {@code plan}, and as soon as its first task is visible to a {@code read_uncommitted} consumer (the draw is
     * being written, not yet committed) stops the job with a savepoint; resumes from it.
     */
    private Round drawWithSavepoint(int number, long at, SamplingPlan plan, Topics topics,
                                    AtomicReference<String> jobId) throws Exception {
        Properties p = new Properties();
        p.putAll(cluster.client());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        String note;
        long t0;
        boolean seen = false;
        boolean uncommitted = false;
        try (KafkaConsumer<byte[], byte[]> tasks = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = tasks.partitionsFor(topics.tasks()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            tasks.assign(parts);
            tasks.seekToEnd(parts);
            parts.forEach(tasks::position);
            long sent = System.nanoTime();
            send(faulty, topics.plans(), plan);
            AvroCodec<InspectionTask> codec = AvroCodec.of(InspectionTask.class);
            Properties c = new Properties();
            c.putAll(cluster.client());
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<byte[], byte[]> committed = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                while (!seen && System.nanoTime() - sent < Duration.ofSeconds(60).toNanos()) {
                    for (var r : tasks.poll(Duration.ofMillis(20))) {
                        if (!seen && codec.decode(r.value()).getPlanId().equals(plan.getPlanId())) {
                            seen = true;
                            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                            // The last stable offset: a record at or above it is in an open transaction.
                            uncommitted = committed.endOffsets(List.of(tp)).get(tp) <= r.offset();
                        }
                    }
                }
            }
            t0 = System.currentTimeMillis();
            note = !seen ? "plan " + plan.getPlanId() + ": no task seen within 60 s; stopped then"
                    : String.format(Locale.ROOT, "plan %s: stopped %.2f s after it was sent, its first task %s",
                            plan.getPlanId(), (System.nanoTime() - sent) / 1e9,
                            uncommitted ? "uncommitted" : "ALREADY COMMITTED");
        }
        String savepoint = cluster.stop();
        jobId.set(cluster.resumeFrom(savepoint));
        double recovery = awaitCheckpointAfter(faulty, jobId.get(), t0);
        Round r = new Round(number, Fault.SAVEPOINT_IN_DRAW, "job", at, "resumed from " + shortPath(savepoint),
                recovery, note, seen && uncommitted);
        out.println(ChaosReport.line(r));
        return r;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /**
     * Seconds from {@code t0} (epoch ms) until the job completes a checkpoint triggered at or after it; NaN after
     * the timeout. REST errors (a JobManager coming back) count as not yet.
     */
    private double awaitCheckpointAfter(Deployment on, String jobId, long t0) throws Exception {
        long deadline = System.nanoTime() + o.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode c = rest(on, "/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
                if (c.path("trigger_timestamp").asLong(0) >= t0) {
                    return (c.path("latest_ack_timestamp").asLong() - t0) / 1000.0;
                }
            } catch (Exception notYet) {
                // the REST API is down or the job not known yet
            }
            Thread.sleep(200);
        }
        return Double.NaN;
    }

    /**
     * The lowest output watermark over the task follow-up's subtasks (epoch ms), or Long.MIN_VALUE when the REST API
     * gives none: reported, not part of the verdict (the overdue triggers compared are what the watermark decides).
     */
    private long followUpWatermark(Deployment on, String jobId) {
        try {
            return new org.creditgrid.local.bench.JobRest(on.restPort(), jobId).watermark("Task_follow-up")
                    .orElse(Long.MIN_VALUE);
        } catch (Exception e) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * The failures in the job's exception history ({@code /jobs/:id/exceptions}; each one a restart of the job or of
     * its failed region) and the newest one's exception class, or -1 and "" if the REST API cannot tell.
     */
    private Failures failures(String jobId) {
        try {
            JsonNode entries = rest(faulty, "/jobs/" + jobId + "/exceptions")
                    .path("exceptionHistory").path("entries");
            String newest = entries.isEmpty() ? "" : entries.get(0).path("exceptionName").asText();
            return new Failures(entries.size(), newest.substring(newest.lastIndexOf('.') + 1));
        } catch (Exception e) {
            return new Failures(-1, "");
        }
    }

    private record Failures(int count, String newest) {}

    private JsonNode rest(Deployment on, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + on.restPort() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + r.statusCode());
        }
        return json.readTree(r.body());
    }

    /** Until the job's committed offsets reach the end of every input topic and of its feedback topic. */
    private void awaitProcessed(Admin admin, CreditGridConfig config) throws Exception {
        long deadline = System.nanoTime() + o.timeout().toNanos();
        while (Demo.lag(admin, config) + Demo.feedbackLag(admin, config) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not catch up within " + o.timeout());
            }
            Thread.sleep(250);
        }
    }

    /**
     * The verifier reads every version of every profile: compaction must not remove earlier ones during the run (the
     * records carry event times of a past year, so segments roll at once and become cleanable). Delete policy with
     * unlimited retention keeps them all.
     */
    private static void keepEveryRecord(Admin admin, Topics topics) throws Exception {
        Map<org.apache.kafka.common.config.ConfigResource, java.util.Collection<
                org.apache.kafka.clients.admin.AlterConfigOp>> changes = new LinkedHashMap<>();
        for (String t : topics.compacted()) {
            changes.put(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, t), List.of(
                    new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry(
                            "cleanup.policy", "delete"), org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)));
        }
        admin.incrementalAlterConfigs(changes).all().get();
    }

    /** The records on the input topics, read back: how many times each (topic, key, value, timestamp) is there. */
    private static Map<ByteBuffer, Integer> inputRecords(Deployment on, Topics topics) {
        Map<ByteBuffer, Integer> counts = new HashMap<>();
        for (String topic : topics.inputs()) {
            byte[] name = topic.getBytes(StandardCharsets.UTF_8);
            org.creditgrid.local.CommittedReader.readAll(on.client(), topic, r -> {
                byte[] key = r.key() == null ? new byte[0] : r.key();
                byte[] value = r.value() == null ? new byte[0] : r.value();
                ByteBuffer b = ByteBuffer.allocate(name.length + key.length + value.length + 20)
                        .putInt(name.length).put(name).putInt(key.length).put(key).putInt(value.length).put(value)
                        .putLong(r.timestamp());
                counts.merge(b.flip(), 1, Integer::sum);
            });
        }
        return counts;
    }

    // ----------------------------------------------------------------------------------------------- inputs

    private List<String> jobArgs(Deployment on, String name, String checkpointDir) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", on.bootstrapServers(),
                "--checkpoint-interval", CHECKPOINT_INTERVAL,
                "--job-name", name, "--group-id", name, "--transactional-id-prefix", name));
        if (o.sourceIdleness() != null) {
            args.addAll(List.of("--source-idleness", o.sourceIdleness().toMillis() + " ms"));
        }
        if (checkpointDir != null) {
            args.addAll(List.of("--checkpoint-dir", checkpointDir));
        }
        return args;
    }

    private long countRecords(Grid grid) {
        long[] n = {0};
        new SyntheticCity(new SyntheticCity.Settings(o.entities(), o.seed(), YEAR, 0, Topics.defaults()), grid)
                .generate((topic, key, value, ts) -> n[0]++, x -> { });
        return n[0];
    }

    private List<org.creditgrid.schema.Inspector> roster(Grid grid) {
        SyntheticCity city = new SyntheticCity(new SyntheticCity.Settings(o.entities(), o.seed(), YEAR, 0,
                Topics.defaults()), grid);
        return InspectorRoster.of(grid.units(), city.trueUnits(), YEAR, o.seed());
    }

    /** A plan per plan round, issued a little later in the year each: the later ones meet earlier visits. */
    private List<SamplingPlan> plansOf(long[] positions) {
        List<SamplingPlan> plans = new ArrayList<>();
        int count = 0;
        for (int k = 0; k < positions.length; k++) {
            if (o.fault(k) == Fault.SAVEPOINT_IN_DRAW) {
                count++;
            }
        }
        for (int j = 0; j < count; j++) {
            LocalDate day = LocalDate.of(YEAR, 1, 1).plusDays(365L * (j + 1) / (count + 1));
            plans.add(DefaultPlans.plan("CHAOS-" + YEAR + "-" + (j + 1), day, o.seed() + j, j % 2 == 1));
        }
        return plans;
    }

    private static void send(Deployment on, String topic, SamplingPlan plan) throws Exception {
        try (RecordSink sink = new KafkaRecordSink(on.client(), 0)) {
            sink.send(topic, plan.getPlanId().getBytes(StandardCharsets.UTF_8),
                    AvroCodec.of(SamplingPlan.class).encode(plan), plan.getEventTime().toEpochMilli());
        }
    }

    private static String shortPath(String uri) {
        Path p = Path.of(URI.create(uri.startsWith("file:") ? uri : "file://" + uri));
        return p.getParent().getFileName() + "/" + p.getFileName();
    }
}
