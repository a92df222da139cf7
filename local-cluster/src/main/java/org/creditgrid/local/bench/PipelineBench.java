package org.creditgrid.local.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.creditgrid.CreditGridJob;
import org.creditgrid.claim.Grid;
import org.creditgrid.local.Demo;
import org.creditgrid.local.EmbeddedKafka;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.pipeline.Topics;

/**
 * {@code creditgrid bench pipeline}: the pass-through ceiling and CreditGrid side by side in one run, on one embedded
 * Kafka broker and Flink MiniClusters with the same settings (parallelism, checkpoint interval, RocksDB, managed
 * memory). The synthetic city is loaded into the input topics first (not timed); then each job reads it all from
 * the earliest offsets. Figures per job: input records per second from the job RUNNING until every input offset is
 * committed (a completed checkpoint), the steady rate (input records over the span between the first and the last
 * output's broker append time), process CPU-seconds per input record (the broker runs in the same JVM and is counted
 * in both), and for CreditGrid its checkpoints, its state per enterprise (a canonical savepoint's bytes over the
 * entities, taken after the latency probe, whose events it includes; and the last checkpoint's full size before the
 * probe) and the latency from an event's append to its profile being read_committed at half its steady rate.
 * "Every input committed" also waits for CreditGrid's group-news topic to be consumed to its last committed record.
 * CreditGrid runs second, in a JVM whose Kafka and
 * Avro code the pass-through has warmed up; its progress checks (a consumer per poll of the feedback topic) are
 * counted in its CPU.
 */
public final class PipelineBench {

    /**
     * {@code replay}: run CreditGrid a second time on the same inputs (other output topics) and compare;
     * {@code managedMemory}: the embedded TaskManager's managed memory (RocksDB's block cache and write buffers), the
     * same for both jobs; {@code flinkSettings}: further Flink settings for both jobs, applied after the job's own.
     */
    public record Options(int entities, long seed, int year, int badRecords, int parallelism, Duration checkpointInterval,
                          int latencySeconds, Path json, Path jfr, Duration timeout, boolean replay,
                          org.apache.flink.configuration.MemorySize managedMemory, Map<String, String> flinkSettings) {}

    /** One job's figures; rates in input records per second, CPU in microseconds per input record. */
    public record JobRun(String job, long inputRecords, double committedSeconds, double committedRate,
                         double steadySeconds, double steadyRate, double cpuSeconds, double cpuMicrosPerRecord,
                         OutputScan outputs, JobRest.Checkpoints checkpoints, long savepointBytes, long doneAt) {}

    public record Result(String machine, String started, int entities, long seed, long inputRecords,
                         double preloadSeconds, int parallelism, String checkpointInterval, String managedMemory,
                         Map<String, String> flinkSettings,
                         JobRun passThrough,
                         JobRun creditGrid, double steadyRatio, double committedRatio, double stateBytesPerEnterprise,
                         double checkpointBytesPerEnterprise, LatencyProbe.Latency latency, Profiler.Top profile,
                         JobRun replayRun, Replay replay) {}

    private final Options options;
    private final PrintStream err = System.err;

    public PipelineBench(Options options) {
        this.options = options;
    }

    public Result run() throws Exception {
        String started = Instant.now().toString();
        Path work = Files.createTempDirectory("creditgrid-bench-");
        err.printf(Locale.ROOT, "Starting Kafka (KRaft, in-JVM) ...%n");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = kafka.admin()) {
            CreditGridConfig creditGrid = config(kafka, work, "creditgrid", null);
            CreditGridConfig passThrough = config(kafka, work, "passthrough", null);
            CreditGridConfig replay = config(kafka, work, "replay", "replay.");
            int p = options.parallelism();
            EmbeddedKafka.createTopics(admin, creditGrid.topics(), p);
            List<NewTopic> passTopics = PassThroughJob.outputs(passThrough).stream()
                    .map(t -> new NewTopic(t, p, (short) 1).configs(Map.of("retention.ms", "-1"))).toList();
            admin.createTopics(passTopics).all().get();
            EmbeddedKafka.awaitLeaders(admin, passTopics);
            List<String> creditGridOutputs = new ArrayList<>(creditGrid.topics().outputs());
            creditGridOutputs.addAll(creditGrid.topics().internal());
            appendTime(admin, creditGridOutputs);
            appendTime(admin, PassThroughJob.outputs(passThrough));
            List<String> replayOutputs = new ArrayList<>(replay.topics().outputs());
            replayOutputs.addAll(replay.topics().internal());
            if (options.replay()) {
                EmbeddedKafka.createMissingTopics(admin, replay.topics(), p);
                appendTime(admin, replayOutputs);
            }

            long t0 = System.nanoTime();
            SyntheticCity city = new SyntheticCity(new SyntheticCity.Settings(options.entities(), options.seed(),
                    options.year(), options.badRecords(), creditGrid.topics()), Grid.load(creditGrid.gridLocation()));
            SyntheticCity.Totals totals;
            try (KafkaRecordSink sink = new KafkaRecordSink(kafka.client(), 0)) {
                totals = city.generate(sink, n -> { });
            }
            double preload = (System.nanoTime() - t0) / 1e9;
            err.printf(Locale.ROOT, "Pre-loaded %,d input records for %,d entities in %.0f s (not timed).%n",
                    totals.records(), totals.entities(), preload);

            JobRun a = runJob("pass-through", passThrough, admin, totals.records(),
                    PassThroughJob.outputs(passThrough), env -> PassThroughJob.define(env, passThrough), work, null,
                    false);
            // The replay first: the latency probe of the main run appends events to the inputs. The main run then
            // finds the JIT warm: compare its speed only with runs made with --replay too.
            JobRun again = !options.replay() ? null : runJob("CreditGrid (replay)", replay, admin, totals.records(),
                    replayOutputs, env -> CreditGridJob.define(env, replay), work, null, true);
            Extra extra = new Extra();
            extra.city = city;
            extra.config = creditGrid;
            JobRun b = runJob("CreditGrid", creditGrid, admin, totals.records(), creditGridOutputs,
                    env -> CreditGridJob.define(env, creditGrid), work, extra, true);
            Replay compared = again == null ? null : Replay.compare(kafka.bootstrapServers(), creditGridOutputs,
                    b.doneAt(), replayOutputs, again.doneAt(), creditGrid.topics().profiles(), replay.topics().profiles());
            if (options.latencySeconds() > 0) {
                err.printf(Locale.ROOT, "Latency at %,.0f events/s: %,.0f s, done.%n", extra.latency.rate(),
                        (double) options.latencySeconds());
            }
            Result result = new Result(machine(), started, totals.entities(), options.seed(), totals.records(),
                    preload, p, creditGrid.checkpointInterval().toString(), options.managedMemory().toHumanReadableString(),
                    options.flinkSettings(),
                    a, b, b.steadyRate() / a.steadyRate(),
                    b.committedRate() / a.committedRate(), (double) b.savepointBytes() / totals.entities(),
                    (double) b.checkpoints().latestFullBytes() / totals.entities(),
                    extra.latency, extra.profile, again, compared);
            BenchReport.print(result, System.out);
            if (options.json() != null) {
                new ObjectMapper().findAndRegisterModules().writerWithDefaultPrettyPrinter()
                        .writeValue(options.json().toFile(), result);
                err.printf(Locale.ROOT, "Figures written to %s%n", options.json());
            }
            return result;
        } finally {
            deleteQuietly(work);
        }
    }

    /** What CreditGrid's run measures besides the common figures: its profile, and its latency while it runs. */
    private final class Extra {
        Profiler.Top profile;
        LatencyProbe.Latency latency;
        SyntheticCity city;
        CreditGridConfig config;

        void whileRunning(double steadyRate) throws Exception {
            if (options.latencySeconds() <= 0) {
                return;
            }
            List<String> codes = new ArrayList<>(city.trueUnits().keySet());
            java.util.Collections.sort(codes);
            java.util.Collections.shuffle(codes, new java.util.Random(options.seed()));
            // One minute after the city's last instant: later than anything loaded, never in the future.
            latency = LatencyProbe.run(config.bootstrapServers(), config.topics().events(), config.topics().profiles(),
                    codes, city.lastInstant().plusSeconds(60), Math.max(1, steadyRate / 2), options.latencySeconds(),
                    config.checkpointInterval().multipliedBy(3).plusSeconds(10));
        }
    }

    private JobRun runJob(String name, CreditGridConfig config, Admin admin, long inputs, List<String> outputs,
                          Consumer<StreamExecutionEnvironment> define, Path work, Extra extra, boolean feedback)
            throws Exception {
        int port = freePort();
        Configuration flink = config.flinkConfiguration();
        flink.setString("rest.bind-address", "127.0.0.1");
        flink.setString("rest.address", "127.0.0.1");
        flink.setString("rest.bind-port", Integer.toString(port));
        flink.setString("rest.port", Integer.toString(port));
        flink.set(org.apache.flink.configuration.TaskManagerOptions.MANAGED_MEMORY_SIZE, options.managedMemory());
        options.flinkSettings().forEach(flink::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        env.setParallelism(options.parallelism());
        define.accept(env);
        JobClient job = env.executeAsync(config.jobName());
        JobRest rest = new JobRest(port, job.getJobID().toString());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        // From the job's RUNNING (before its tasks are deployed, so before any output): the span of the outputs
        // then lies inside the committed time.
        while (job.getJobStatus().get() != org.apache.flink.api.common.JobStatus.RUNNING) {
            check(job, deadline, name + " did not start");
            Thread.sleep(10);
        }
        err.printf(Locale.ROOT, "%s running (web UI http://127.0.0.1:%d) ...%n", name, port);
        long t0 = System.nanoTime();
        double cpu0 = processCpuSeconds();
        Profiler profiler = extra != null && options.jfr() != null ? new Profiler(options.jfr()) : null;
        long lastPrint = System.nanoTime();
        // Caught up means: every input offset committed and, for CreditGrid, every feedback record too — and still
        // so a whole checkpoint later (news still in flight is committed to the feedback topics only at the next
        // checkpoint). The run is timed to the first moment of that quiet stretch.
        long quietSince = 0;
        long quietEnds = 0;
        double quietCpu = 0;
        while (true) {
            long lag = Demo.lag(admin, config);
            boolean caughtUp = lag == 0 && (!feedback || Demo.feedbackLag(admin, config) == 0);
            if (!caughtUp) {
                quietSince = 0;
            } else if (!feedback) {
                break;
            } else if (quietSince == 0) {
                quietSince = System.nanoTime();
                quietCpu = processCpuSeconds();
                quietEnds = Demo.feedbackEnd(admin, config);
            } else if (System.nanoTime() - quietSince > 2 * config.checkpointInterval().toNanos() + 1_000_000_000L) {
                if (Demo.feedbackEnd(admin, config) == quietEnds) {
                    break;
                }
                quietSince = 0; // more news arrived: not quiet after all
            }
            check(job, deadline, name + " did not catch up; " + lag + " input records not committed");
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                err.printf(Locale.ROOT, "  %s: %,d of %,d input records committed (%.0f s)%s%n", name, inputs - lag,
                        inputs, (System.nanoTime() - t0) / 1e9, feedback ? watermark(rest) : "");
                lastPrint = System.nanoTime();
            }
            Thread.sleep(100);
        }
        long doneNanos = quietSince == 0 ? System.nanoTime() : quietSince;
        double seconds = (doneNanos - t0) / 1e9;
        double cpu = (quietSince == 0 ? processCpuSeconds() : quietCpu) - cpu0;
        long doneAt = System.currentTimeMillis(); // outputs up to the end of the quiet stretch belong to the run
        Set<String> untimed = Set.of(config.topics().unitStats()); // published on a timer: not the span of the work
        err.printf(Locale.ROOT, "%s: every input offset committed after %.1f s.%n", name, seconds);
        JobRest.Checkpoints checkpoints = rest.checkpoints();
        if (profiler != null) {
            extra.profile = profiler.stop(20);
            profiler.close();
        }
        // The span of the outputs is read after the stop (its savepoint commits the last transactions); what the
        // latency probe causes is appended after doneAt and left out.
        if (extra != null) {
            // Half the steady rate, from the outputs committed so far (the last few transactions may still be open).
            extra.whileRunning(inputs / OutputScan.of(config.bootstrapServers(), outputs, doneAt, untimed).spanSeconds());
        }
        long savepointBytes = stop(job, work.resolve("savepoints-" + name.replaceAll("[^A-Za-z0-9]+", "-")));
        OutputScan scan = OutputScan.of(config.bootstrapServers(), outputs, doneAt, untimed);
        double steadySeconds = scan.spanSeconds();
        return new JobRun(name, inputs, seconds, inputs / seconds, steadySeconds, inputs / steadySeconds, cpu,
                cpu / inputs * 1e6, scan, checkpoints, savepointBytes, doneAt);
    }

    /** Stops the job with a canonical savepoint (committing its last transactions); the savepoint's bytes. */
    private static long stop(JobClient job, Path dir) throws Exception {
        String savepoint = job.stopWithSavepoint(false, dir.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(30, TimeUnit.MINUTES);
        try (var files = Files.walk(Path.of(URI.create(savepoint)))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** The job's configuration; with a {@code prefix}, its output and feedback topics carry it (same inputs). */
    private CreditGridConfig config(EmbeddedKafka kafka, Path work, String name, String prefix) {
        List<String> args = new ArrayList<>();
        if (prefix != null) {
            Topics t = Topics.defaults();
            Map<String, String> renamed = new java.util.LinkedHashMap<>();
            renamed.put("profiles", t.profiles());
            renamed.put("triggers", t.triggers());
            renamed.put("tasks", t.tasks());
            renamed.put("claims", t.claims());
            renamed.put("dead-letters", t.deadLetters());
            renamed.put("rules-impact", t.rulesImpact());
            renamed.put("rules-audit", t.rulesAudit());
            renamed.put("publications", t.publications());
            renamed.put("network", t.network());
            renamed.put("unit-stats", t.unitStats());
            renamed.forEach((flag, topic) -> args.addAll(List.of("--topic." + flag, prefix + topic)));
        }
        args.addAll(List.of(
            "--bootstrap-servers", kafka.bootstrapServers(),
            "--group-id", name,
            "--transactional-id-prefix", name,
            "--checkpoint-interval", options.checkpointInterval().toMillis() + " ms",
            "--checkpoint-dir", work.resolve("checkpoints-" + name).toUri().toString(),
            "--parallelism", Integer.toString(options.parallelism()),
            "--job-name", "bench " + name));
        return CreditGridConfig.fromArgs(args.toArray(String[]::new));
    }

    /** Output records carry the broker's append time, so their span is when the job wrote them. */
    private static void appendTime(Admin admin, Collection<String> topics) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new java.util.HashMap<>();
        for (String t : topics) {
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, t), List.of(new AlterConfigOp(
                    new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET)));
        }
        admin.incrementalAlterConfigs(ops).all().get();
    }

    private static void check(JobClient job, long deadline, String what) throws Exception {
        if (job.getJobStatus().get().isGloballyTerminalState()) {
            throw new IllegalStateException("the job ended: " + job.getJobStatus().get());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " within the timeout");
        }
    }

    /**
     * The enterprise operator's input watermark, as the progress line shows it: timers (assessments that change as
     * time passes) fire only as it passes them, so a replay's deferred timers show as a watermark that jumps.
     */
    private static String watermark(JobRest rest) {
        try {
            java.util.OptionalLong w = rest.watermark("Enterprise_supervision");
            return w.isEmpty() ? ", enterprise watermark none yet"
                    : ", enterprise watermark " + java.time.Instant.ofEpochMilli(w.getAsLong());
        } catch (Exception e) {
            return ""; // a progress line, not a figure: the REST API being busy is no failure
        }
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (Exception ignored) {
            // not Linux: the core count and JVM still say enough
        }
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB heap max, %s %s, %s",
                Runtime.getRuntime().availableProcessors(), cpu, Runtime.getRuntime().maxMemory() / 1073741824.0,
                System.getProperty("java.vm.name"), System.getProperty("java.version"), System.getProperty("os.name"));
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temporary directory; the OS cleans what is left
        }
    }
}
