package org.creditgrid.local.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.creditgrid.claim.Grid;
import org.creditgrid.local.EmbeddedKafka;
import org.creditgrid.local.bench.JobRest;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.CreditGridConfig;

/**
 * A day of checkpoints, compressed: the job on an embedded broker and MiniCluster checkpoints every
 * {@code interval} while the synthetic city trickles in, until {@code checkpoints} have completed. Every
 * {@code sampleEvery} it records the checkpoints completed, their recent duration, the transactional ids the broker
 * holds for the job ({@code Admin.listTransactions}), this JVM's heap after a full GC and its resident set (the broker,
 * JobManager and TaskManagers all live in it), and the job's restarts.
 *
 * <p>Verdict: the target reached with no restart and no failed checkpoint once the first completed (those triggered
 * while the tasks start fail by design); with pooled ids, at most {@link #IDS_PER_SUBTASK} per sink subtask (one
 * open transaction, one awaiting its commit, one spare across a recovery; one per checkpoint otherwise); the heap of the last third of
 * the samples within 25 % (+16 MB) of the first third's; the checkpoint duration within twice the first third's.
 */
public final class Soak {

    /** The bound on transactional ids per sink subtask under the connector's POOLING naming. */
    public static final int IDS_PER_SUBTASK = 3;

    /** @param pooled the sinks' transactional ids: pooled ({@code --transaction-naming pooling}) or one per checkpoint */
    public record Options(long checkpoints, Duration interval, int entities, double recordsPerSecond, long seed,
                          Duration sampleEvery, Duration timeout, Path json, boolean pooled) {}

    /** One sample; durations in ms, sizes in bytes, {@code minutes} since the job started. */
    public record Sample(double minutes, long checkpoints, long failedCheckpoints, long recentCheckpointMs,
                         long transactionalIds, long sinkSubtasks, long maxIdsPerSubtask, long heapAfterGcBytes,
                         long residentBytes, long restarts, long recordsSent) {}

    public record Result(Options options, List<Sample> samples, Map<String, Long> idsPerSubtask, double heapRatio,
                         double checkpointRatio, boolean reached, boolean passed, List<String> problems,
                         java.util.Set<String> checkpointFailures, long failedBeforeTheFirstCompleted,
                         String finalStatus) {}

    private final Options options;
    private final PrintStream err = System.err;

    public Soak(Options options) {
        this.options = options;
    }

    public Result run() throws Exception {
        // No restart hides a failure: the first one ends the job, and the soak fails on its final status.
        try (EmbeddedJob run = EmbeddedJob.start(options.interval(), options.pooled(), Map.of(
                "execution.checkpointing.min-pause", "0 ms", "restart-strategy.type", "none"))) {
            EmbeddedKafka kafka = run.kafka;
            Admin admin = run.admin;
            CreditGridConfig config = run.config;
            JobClient job = run.job;
            JobRest rest = run.rest;
            err.printf(Locale.ROOT, "Soak: job %s checkpointing every %s until %,d checkpoints (web UI "
                    + "http://127.0.0.1:%d)%n", job.getJobID(), options.interval(), options.checkpoints(), run.restPort);

            SyntheticCity city = new SyntheticCity(new SyntheticCity.Settings(options.entities(), options.seed(), 2025,
                    0, config.topics()), Grid.load(config.gridLocation()));
            java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
            Thread generator = new Thread(() -> {
                try (KafkaRecordSink sink = new KafkaRecordSink(kafka.client(), options.recordsPerSecond())) {
                    city.generate(sink, sent::set);
                } catch (RuntimeException e) {
                    if (!Thread.currentThread().isInterrupted()) {
                        err.println("Soak: the generator stopped: " + e);
                    }
                }
            }, "soak-generator");
            generator.setDaemon(true);
            generator.start();

            long started = System.nanoTime();
            long deadline = started + options.timeout().toNanos();
            // Checkpoints triggered while the tasks are still starting fail by design: the baseline is taken at the
            // first completed one.
            long failedAtStart = -1;
            while (failedAtStart < 0 && System.nanoTime() < deadline) {
                JsonNode counts = rest.get("/checkpoints").path("counts");
                if (counts.path("completed").asLong() > 0) {
                    failedAtStart = counts.path("failed").asLong();
                } else {
                    Thread.sleep(50);
                }
            }
            List<Sample> samples = new ArrayList<>();
            Map<String, Long> ids = Map.of();
            long completed = 0;
            java.util.Set<String> failures = new java.util.TreeSet<>();
            String finalStatus = "UNKNOWN";
            try {
                while (completed < options.checkpoints() && System.nanoTime() < deadline) {
                    Thread.sleep(options.sampleEvery().toMillis());
                    JsonNode checkpoints = rest.get("/checkpoints");
                    completed = checkpoints.path("counts").path("completed").asLong();
                    ids = transactionalIds(admin, config.transactionalIdPrefix());
                    for (JsonNode c : checkpoints.path("history")) {
                        if ("FAILED".equals(c.path("status").asText())) {
                            String why = c.path("failure_message").asText();
                            failures.add(why.substring(0, Math.min(200, why.length())));
                        }
                    }
                    Sample s = new Sample((System.nanoTime() - started) / 6e10, completed,
                            checkpoints.path("counts").path("failed").asLong(), recentDuration(checkpoints),
                            ids.values().stream().mapToLong(Long::longValue).sum(), ids.size(),
                            ids.values().stream().mapToLong(Long::longValue).max().orElse(0), heapAfterGc(),
                            residentBytes(), rest.restarts(), sent.get());
                    samples.add(s);
                    err.printf(Locale.ROOT, "%6.1f min  %,9d checkpoints (%d failed, recent %4d ms)  %3d "
                                    + "transactional ids (%d sink subtasks, max %d)  heap %,6.1f MB  RSS %,6.1f MB  "
                                    + "restarts %d  records %,d%n", s.minutes(), s.checkpoints(),
                            s.failedCheckpoints(), s.recentCheckpointMs(), s.transactionalIds(), s.sinkSubtasks(),
                            s.maxIdsPerSubtask(), s.heapAfterGcBytes() / 1e6, s.residentBytes() / 1e6,
                            s.restarts(), s.recordsSent());
                    if (s.restarts() > 0 || job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                        break;
                    }
                }
                finalStatus = job.getJobStatus().get(10, TimeUnit.SECONDS).toString();
            } finally {
                generator.interrupt();
                try {
                    job.cancel().get(1, TimeUnit.MINUTES);
                } catch (Exception e) {
                    err.println("Soak: cancelling the job: " + e);
                }
            }
            Result result = verdict(samples, ids, completed >= options.checkpoints(), failures, failedAtStart,
                    finalStatus);
            if (options.json() != null) {
                new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(options.json().toFile(), result);
            }
            return result;
        }
    }

    private Result verdict(List<Sample> samples, Map<String, Long> ids, boolean reached,
                           java.util.Set<String> failures, long failedAtStart, String finalStatus) {
        List<String> problems = new ArrayList<>();
        if (!"RUNNING".equals(finalStatus)) {
            problems.add("the job was " + finalStatus + " at the end");
        }
        if (!reached) {
            problems.add("the target of " + options.checkpoints() + " checkpoints was not reached");
        }
        if (samples.stream().anyMatch(s -> s.restarts() > 0)) {
            problems.add("the job restarted");
        }
        if (!samples.isEmpty() && failedAtStart >= 0) {
            long failed = samples.get(samples.size() - 1).failedCheckpoints() - failedAtStart;
            if (failed > 0) {
                problems.add(failed + " checkpoints failed after the first completed one");
            }
        }
        long maxIds = samples.stream().mapToLong(Sample::maxIdsPerSubtask).max().orElse(0);
        if (options.pooled() && maxIds > IDS_PER_SUBTASK) {
            problems.add("a sink subtask used " + maxIds + " transactional ids (bound " + IDS_PER_SUBTASK + ")");
        }
        double heapRatio = Double.NaN;
        double checkpointRatio = Double.NaN;
        if (samples.size() >= 6) {
            List<Sample> first = samples.subList(1, 1 + samples.size() / 3); // the first sample is the warm-up
            List<Sample> last = samples.subList(samples.size() - samples.size() / 3, samples.size());
            double heapFirst = median(first.stream().mapToLong(Sample::heapAfterGcBytes).toArray());
            double heapLast = median(last.stream().mapToLong(Sample::heapAfterGcBytes).toArray());
            heapRatio = heapLast / heapFirst;
            if (heapLast > heapFirst * 1.25 + 16e6) {
                problems.add(String.format(Locale.ROOT, "the heap grew: %.1f MB -> %.1f MB", heapFirst / 1e6,
                        heapLast / 1e6));
            }
            double cpFirst = median(first.stream().mapToLong(Sample::recentCheckpointMs).toArray());
            double cpLast = median(last.stream().mapToLong(Sample::recentCheckpointMs).toArray());
            checkpointRatio = cpLast / Math.max(1, cpFirst);
            if (cpLast > 2 * Math.max(cpFirst, 10)) {
                problems.add(String.format(Locale.ROOT, "checkpoints slowed: %.0f ms -> %.0f ms", cpFirst, cpLast));
            }
        } else {
            problems.add("too few samples (" + samples.size() + ") to judge the heap and checkpoint trends");
        }
        return new Result(options, samples, new TreeMap<>(ids), heapRatio, checkpointRatio, reached,
                problems.isEmpty(), problems, failures, failedAtStart, finalStatus);
    }

    /** The job's transactional ids on the broker, counted per sink subtask ({@code prefix-sink-subtask}). */
    static Map<String, Long> transactionalIds(Admin admin, String prefix) throws Exception {
        return admin.listTransactions().all().get(30, TimeUnit.SECONDS).stream()
                .map(TransactionListing::transactionalId)
                .filter(id -> id.startsWith(prefix + "-"))
                .collect(Collectors.groupingBy(id -> id.substring(0, id.lastIndexOf('-')), TreeMap::new,
                        Collectors.counting()));
    }

    /** The average end-to-end duration (ms) of the completed checkpoints in Flink's recent history. */
    private static long recentDuration(JsonNode checkpoints) {
        long sum = 0;
        int n = 0;
        for (JsonNode c : checkpoints.path("history")) {
            if ("COMPLETED".equals(c.path("status").asText())) {
                sum += c.path("end_to_end_duration").asLong();
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** VmRSS of this process (Linux), 0 elsewhere. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return 0;
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    /** One line for the console. */
    public static String line(Result r) {
        Sample last = r.samples().isEmpty() ? null : r.samples().get(r.samples().size() - 1);
        return String.format(Locale.ROOT, "%s: %,d checkpoints in %.1f min; transactional ids %d over %d sink "
                        + "subtasks (max %d each); heap last/first third %.2fx; checkpoint duration last/first third "
                        + "%.2fx; restarts %d%s", r.passed() ? "PASSED" : "FAILED",
                last == null ? 0 : last.checkpoints(), last == null ? 0 : last.minutes(),
                last == null ? 0 : last.transactionalIds(), last == null ? 0 : last.sinkSubtasks(),
                r.samples().stream().mapToLong(Sample::maxIdsPerSubtask).max().orElse(0), r.heapRatio(),
                r.checkpointRatio(), last == null ? 0 : last.restarts(),
                r.problems().isEmpty() ? "" : " — " + String.join("; ", r.problems()))
                + (r.checkpointFailures().isEmpty() ? "" : "; checkpoint failures seen: " + r.checkpointFailures());
    }
}
