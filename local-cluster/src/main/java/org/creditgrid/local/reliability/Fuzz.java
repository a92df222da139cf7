package org.creditgrid.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.creditgrid.claim.Grid;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.CommittedReader;
import org.creditgrid.local.DefaultPlans;
import org.creditgrid.local.Demo;
import org.creditgrid.local.Summary;
import org.creditgrid.local.bench.JobRest;
import org.creditgrid.local.cluster.LocalCluster;
import org.creditgrid.local.generate.InspectorRoster;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.SamplingPlan;

/**
 * The fuzzed stream: the synthetic city, its inspector library and two plans go through the job — on an embedded
 * broker and MiniCluster, or with {@code cluster} on a local cluster of its own ({@link LocalCluster}: the broker,
 * the JobManager and two TaskManagers as processes, the job submitted with the Flink CLI) — each valid record followed
 * now and then by a mutant of it ({@link Mutations}) that the job must reject, until {@code malformed} mutants are in.
 * The job runs under a restart strategy that would restart it, so a crash shows as a restart.
 *
 * <p>Verdict, read back {@code read_committed} once the job has caught up and stopped with a savepoint: exactly as
 * many dead letters as mutants sent, each matching one mutant byte for byte, with a reason and the raw bytes; a
 * profile for every entity of the city (every valid registration processed); the job's {@code numRestarts} 0.
 */
public final class Fuzz {

    /**
     * @param cluster where the local cluster keeps its data (a fresh directory; the local-cluster directory is
     *                {@code home}), or null for the embedded broker and MiniCluster
     */
    public record Options(long malformed, int entities, long seed, Duration timeout, Path json, Path home,
                          Path cluster) {
        public Options(long malformed, int entities, long seed, Duration timeout, Path json) {
            this(malformed, entities, seed, timeout, json, null, null);
        }
    }

    /** A crash would restart the job (and the restart count tell), as a production cluster's strategy would. */
    private static final Map<String, String> EMBEDDED_RESTARTS = Map.of("restart-strategy.type", "fixed-delay",
            "restart-strategy.fixed-delay.attempts", "3", "restart-strategy.fixed-delay.delay", "1 s");

    /** Where the job runs ({@code where}, for the console), its checkpoints, and how it is taken down. */
    private record Run(Deployment on, String where, String checkpoints, AutoCloseable down) {}

    /**
     * The embedded broker and MiniCluster in a temporary directory, or a local cluster of its own in
     * {@code options.cluster()} (its default restart strategy, exponential delay; the job submitted by the CLI).
     */
    private Run deploy() throws Exception {
        if (options.cluster() == null) {
            Path work = Files.createTempDirectory("creditgrid-fuzz-");
            EmbeddedDeployment embedded;
            try {
                embedded = EmbeddedDeployment.start(Topics.defaults(), work, EMBEDDED_RESTARTS);
            } catch (Exception | Error e) {
                org.apache.flink.util.FileUtils.deleteDirectoryQuietly(work.toFile());
                throw e;
            }
            return new Run(embedded, "an embedded broker and MiniCluster",
                    work.resolve("checkpoints").toUri().toString(), () -> {
                        try {
                            embedded.close();
                        } finally {
                            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(work.toFile());
                        }
                    });
        }
        Files.createDirectories(options.cluster());
        LocalCluster cluster = new LocalCluster(options.home(), options.cluster(), LocalCluster.freePortPair(),
                LocalCluster.freePort(), err);
        try {
            cluster.start();
        } catch (Exception | Error e) {
            cluster.down();
            throw e;
        }
        return new Run(Deployment.of(cluster), "the local cluster's processes (data " + options.cluster() + ")",
                null, cluster::down);
    }

    public record Result(Options options, long validRecords, long malformed, long deadLetters, long matched,
                         long withoutReasonOrBytes, Map<String, Long> sentByKind, Map<String, Long> discardedByKind,
                         Map<String, Long> sentByTopic, Map<String, Long> expectedReasons,
                         Map<String, Long> deadLetterReasons, long entities, long profiles, long restarts,
                         double seconds, boolean passed, List<String> problems) {}

    private final Options options;
    private final PrintStream err = System.err;

    public Fuzz(Options options) {
        this.options = options;
    }

    public Result run() throws Exception {
        long started = System.nanoTime();
        Run run = deploy();
        try (Admin admin = Admin.create(run.on().client())) {
            Deployment on = run.on();
            List<String> args = new ArrayList<>(List.of("--bootstrap-servers", on.bootstrapServers(),
                    "--checkpoint-interval", "2 s"));
            if (run.checkpoints() != null) {
                args.addAll(List.of("--checkpoint-dir", run.checkpoints()));
            }
            CreditGridConfig config = CreditGridConfig.fromArgs(args.toArray(String[]::new));
            String jobId = on.submit(args);
            JobRest rest = new JobRest(on.restPort(), jobId);
            err.printf(Locale.ROOT, "Fuzz: job %s on %s (web UI http://127.0.0.1:%d); %,d entities, %,d malformed "
                    + "records to mix in%n", jobId, run.where(), on.restPort(), options.entities(), options.malformed());

            Grid grid = Grid.load(config.gridLocation());
            SyntheticCity city = new SyntheticCity(new SyntheticCity.Settings(options.entities(), options.seed(), 2025,
                    0, config.topics()), grid);
            Mutations mutations = new Mutations(config.topics(),
                    org.creditgrid.supervision.SubLibraries.load(config.subLibrariesLocation()).ids());
            var roster = InspectorRoster.of(grid.units(), city.trueUnits(), 2025, options.seed());
            // The city gives about 4.3 records an entity: spread the mutants evenly over the whole stream (the
            // library, the city, the plans), and top up after it if short.
            double share = Math.min(1.0, options.malformed() / (options.entities() * 4.3 + roster.size() + 2));
            FuzzingSink fuzz = new FuzzingSink(new KafkaRecordSink(on.client(), 0), mutations, options.seed(),
                    share, options.malformed());
            SyntheticCity.Totals totals;
            try (fuzz) {
                // The library first (a changelog: any time will do), so its mutants are not crowded out.
                InspectorRoster.publish(roster, fuzz, config.topics().inspectors());
                totals = city.generate(fuzz, n -> { });
                for (SamplingPlan plan : DefaultPlans.of(2025, options.seed())) {
                    fuzz.send(config.topics().plans(), plan.getPlanId().getBytes(StandardCharsets.UTF_8),
                            AvroCodec.of(SamplingPlan.class).encode(plan), plan.getEventTime().toEpochMilli());
                }
                fuzz.topUp();
            }
            err.printf(Locale.ROOT, "Fuzz: %,d valid and %,d malformed records sent (%,d mutants discarded: the "
                            + "job would accept them); waiting for the job to catch up ...%n", fuzz.valid(),
                    fuzz.malformed(), fuzz.discardedByKind().values().stream().mapToLong(Long::longValue).sum());
            awaitProcessed(admin, config, rest);
            long restarts = rest.restarts();
            on.stop();

            Map<ByteBuffer, Integer> unmatched = new HashMap<>(fuzz.sent());
            Map<String, Long> reasons = new TreeMap<>();
            long[] counts = new long[3]; // dead letters, matched, without reason or bytes
            AvroCodec<DeadLetter> letters = AvroCodec.of(DeadLetter.class);
            CommittedReader.readAll(on.client(), config.topics().deadLetters(), r -> {
                DeadLetter d = Summary.decode(letters, r.value());
                counts[0]++;
                reasons.merge(d.getReason(), 1L, Long::sum);
                if (d.getReason() == null || d.getReason().isBlank() || d.getRawValue() == null) {
                    counts[2]++;
                    return;
                }
                ByteBuffer digest = FuzzingSink.digest(AvroCodec.toArray(d.getRawValue()));
                Integer left = unmatched.get(digest);
                if (left != null) { // each mutant sent matches one dead letter, no more
                    if (left == 1) {
                        unmatched.remove(digest);
                    } else {
                        unmatched.put(digest, left - 1);
                    }
                    counts[1]++;
                }
            });
            Set<String> profiled = new HashSet<>();
            AvroCodec<EnterpriseProfile> profiles = AvroCodec.of(EnterpriseProfile.class);
            CommittedReader.readAll(on.client(), config.topics().profiles(), r -> {
                if (r.value() != null) {
                    profiled.add(Summary.decode(profiles, r.value()).getCreditCode());
                }
            });

            List<String> problems = new ArrayList<>();
            if (fuzz.malformed() < options.malformed()) {
                problems.add("only " + fuzz.malformed() + " malformed records could be made");
            }
            if (counts[0] != fuzz.malformed()) {
                problems.add(counts[0] + " dead letters for " + fuzz.malformed() + " malformed records");
            }
            if (counts[1] != fuzz.malformed()) {
                problems.add(counts[1] + " dead letters match a malformed record sent");
            }
            if (counts[2] > 0) {
                problems.add(counts[2] + " dead letters without a reason or their bytes");
            }
            if (profiled.size() != totals.entities()) {
                problems.add(profiled.size() + " profiles for " + totals.entities() + " entities");
            }
            if (!reasons.equals(new TreeMap<>(fuzz.expectedReasons()))) {
                problems.add("dead letters by reason " + reasons + ", expected " + new TreeMap<>(fuzz.expectedReasons()));
            }
            if (restarts != 0) {
                problems.add("the job restarted " + restarts + " times");
            }
            Result result = new Result(options, fuzz.valid(), fuzz.malformed(), counts[0], counts[1], counts[2],
                    names(fuzz.sentByKind()), names(fuzz.discardedByKind()), new TreeMap<>(fuzz.sentByTopic()),
                    new TreeMap<>(fuzz.expectedReasons()), reasons, totals.entities(), profiled.size(), restarts,
                    (System.nanoTime() - started) / 1e9, problems.isEmpty(), problems);
            if (options.json() != null) {
                new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(options.json().toFile(), result);
            }
            return result;
        } finally {
            run.down().close();
        }
    }

    private void awaitProcessed(Admin admin, CreditGridConfig config, JobRest rest) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (Demo.lag(admin, config) != 0 || Demo.feedbackLag(admin, config) != 0) {
            String state = state(rest); // null: the REST API did not answer this time
            if (state != null && List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                throw new IllegalStateException("the Flink job ended: " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not catch up within " + options.timeout());
            }
            Thread.sleep(250);
        }
    }

    /** The job's state by the Flink REST API (e.g. RUNNING), or null when it does not answer. */
    private static String state(JobRest rest) throws InterruptedException {
        try {
            return rest.get("").path("state").asText(null);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception notNow) {
            return null;
        }
    }

    private static Map<String, Long> names(Map<Mutations.Kind, Long> byKind) {
        Map<String, Long> out = new TreeMap<>();
        byKind.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    /** The console's lines. */
    public static String report(Result r) {
        return String.format(Locale.ROOT, "%s: %,d valid and %,d malformed records; %,d dead letters, %,d matching a "
                        + "malformed record byte for byte, %,d without reason or bytes; profiles %,d of %,d entities; "
                        + "restarts %d; %.0f s%n  sent by kind: %s%n  sent by topic: %s%n  dead letters by reason: %s "
                        + "(expected %s)%n  discarded (the job accepts them): %s%s",
                r.passed() ? "PASSED" : "FAILED", r.validRecords(), r.malformed(), r.deadLetters(), r.matched(),
                r.withoutReasonOrBytes(), r.profiles(), r.entities(), r.restarts(), r.seconds(), r.sentByKind(),
                r.sentByTopic(), r.deadLetterReasons(), r.expectedReasons(), r.discardedByKind(),
                r.problems().isEmpty() ? "" : "\n  problems: " + String.join("; ", r.problems()));
    }
}
