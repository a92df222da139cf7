package org.creditgrid.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.admin.Admin;
import org.creditgrid.claim.Grid;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.CommittedReader;
import org.creditgrid.local.DefaultPlans;
import org.creditgrid.local.Demo;
import org.creditgrid.local.EmbeddedKafka;
import org.creditgrid.local.Summary;
import org.creditgrid.local.bench.JobRest;
import org.creditgrid.local.generate.InspectorRoster;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.SamplingPlan;

/**
 * The fuzzed stream: the synthetic city, its inspector library and two plans go through the job on an embedded
 * broker and MiniCluster, each valid record followed now and then by a mutant of it ({@link Mutations}) that the job
 * must reject, until {@code malformed} mutants are in. The job runs under a restart strategy that would restart it, so
 * a crash shows as a restart.
 *
 * <p>Verdict, read back {@code read_committed} once the job has caught up and stopped with a savepoint: exactly as
 * many dead letters as mutants sent, each matching one mutant byte for byte, with a reason and the raw bytes; a
 * profile for every entity of the city (every valid registration processed); the job's {@code numRestarts} 0.
 */
public final class Fuzz {

    public record Options(long malformed, int entities, long seed, Duration timeout, Path json) {}

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
        // A record that crashed the job would restart it (and be read again): the restart count tells.
        try (EmbeddedJob run = EmbeddedJob.start(Duration.ofSeconds(2), false, Map.of("restart-strategy.type", "fixed-delay",
                "restart-strategy.fixed-delay.attempts", "3", "restart-strategy.fixed-delay.delay", "1 s"))) {
            EmbeddedKafka kafka = run.kafka;
            Admin admin = run.admin;
            CreditGridConfig config = run.config;
            JobClient job = run.job;
            JobRest rest = run.rest;
            Path work = run.work;
            err.printf(Locale.ROOT, "Fuzz: job %s (web UI http://127.0.0.1:%d); %,d entities, %,d malformed records "
                    + "to mix in%n", job.getJobID(), run.restPort, options.entities(), options.malformed());

            Grid grid = Grid.load(config.gridLocation());
            SyntheticCity city = new SyntheticCity(new SyntheticCity.Settings(options.entities(), options.seed(), 2025,
                    0, config.topics()), grid);
            Mutations mutations = new Mutations(config.topics(),
                    org.creditgrid.supervision.SubLibraries.load(config.subLibrariesLocation()).ids());
            var roster = InspectorRoster.of(grid.units(), city.trueUnits(), 2025, options.seed());
            // The city gives about 4.3 records an entity: spread the mutants evenly over the whole stream (the
            // library, the city, the plans), and top up after it if short.
            double share = Math.min(1.0, options.malformed() / (options.entities() * 4.3 + roster.size() + 2));
            FuzzingSink fuzz = new FuzzingSink(new KafkaRecordSink(kafka.client(), 0), mutations, options.seed(),
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
            awaitProcessed(admin, config, job);
            long restarts = rest.restarts();
            job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);

            Map<ByteBuffer, Integer> unmatched = new HashMap<>(fuzz.sent());
            Map<String, Long> reasons = new TreeMap<>();
            long[] counts = new long[3]; // dead letters, matched, without reason or bytes
            AvroCodec<DeadLetter> letters = AvroCodec.of(DeadLetter.class);
            CommittedReader.readAll(kafka.client(), config.topics().deadLetters(), r -> {
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
            CommittedReader.readAll(kafka.client(), config.topics().profiles(), r -> {
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
        }
    }

    private void awaitProcessed(Admin admin, CreditGridConfig config, JobClient job) throws Exception {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        while (Demo.lag(admin, config) != 0 || Demo.feedbackLag(admin, config) != 0) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the Flink job ended: " + job.getJobStatus().get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not catch up within " + options.timeout());
            }
            Thread.sleep(250);
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
