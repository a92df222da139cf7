package org.creditgrid.local.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.creditgrid.local.reliability.Chaos.Result;
import org.creditgrid.local.reliability.Chaos.Round;

/** What a chaos run prints and writes: a line per round, the verifier's findings, the verdict, the JSON file. */
final class ChaosReport {

    private ChaosReport() {}


    static String line(Round r) {
        return String.format(Locale.ROOT, "round %2d  %-52s %-14s at record %,9d  %-36s recovered in %s%s",
                r.number(), r.fault().description, r.target(), r.atRecord(), r.job(),
                Double.isNaN(r.recoverySeconds()) ? "NOT IN TIME" : String.format(Locale.ROOT, "%.1f s",
                        r.recoverySeconds()), (r.note().isEmpty() ? "" : "  (" + r.note() + ")")
                        + (r.asIntended() ? "" : "  NOT AS INTENDED"));
    }

    static void print(Result r, PrintStream out) {
        Outputs.Comparison c = r.comparison();
        out.printf(Locale.ROOT, "input records: expected %,d, reference run %,d, faulty run %,d (%,d extra copies of "
                + "a record by the producer, %,d not in the reference, %,d missing); event time reached (task "
                + "follow-up's watermark) %s and %s%n", r.inputRecords(), r.referenceInput().records(),
                r.chaosInput().records(), r.chaosInput().extraCopies(), r.chaosInput().unexpected(),
                r.chaosInput().missing(), instant(r.referenceWatermark()), instant(r.chaosWatermark()));
        out.printf(Locale.ROOT, "faulty run: duplicate profile versions %d, missing versions %d, duplicate triggers "
                + "%d, duplicate task revisions %d, missing revisions %d, duplicate draw publications %d "
                + "(reference: %d, %d, %d, %d, %d, %d)%n", r.chaos().duplicateVersions(),
                r.chaos().missingVersions(), r.chaos().duplicateTriggers(), r.chaos().duplicateTaskRevisions(),
                r.chaos().missingTaskRevisions(), r.chaos().duplicateDraws(),
                r.reference().duplicateVersions(), r.reference().missingVersions(),
                r.reference().duplicateTriggers(), r.reference().duplicateTaskRevisions(),
                r.reference().missingTaskRevisions(), r.reference().duplicateDraws());
        out.println("must be identical to the reference:");
        out.printf(Locale.ROOT, "  final assessments (profiles)   %s%n", c.profiles);
        out.printf(Locale.ROOT, "  event-driven triggers          %s%n", c.eventTriggers);
        out.printf(Locale.ROOT, "  tasks                          %s%n", c.tasks);
        out.printf(Locale.ROOT, "  draw publications              %s%n", c.draws);
        out.println("may differ with arrival order across topics and the feedback loop's timing (counted):");
        out.printf(Locale.ROOT, "  profile records (all versions) %,d reference, %,d faulty run; %,d final profiles "
                + "differ only in version, previousClass or eventTime%n", c.profileRecords[0], c.profileRecords[1],
                c.profileHistory);
        out.printf(Locale.ROOT, "  class-raised triggers          %s; %d without another class sequence for their "
                + "enterprise (must be 0)%n", c.classTriggers, c.unexplainedClassTriggers.size());
        out.printf(Locale.ROOT, "  triggers' enterprise snapshot  %s%n", c.triggerStates);
        c.unexplainedClassTriggers.stream().limit(5).forEach(k -> out.println("  unexplained: " + k));
        for (Outputs.Diff d : List.of(c.profiles, c.eventTriggers, c.tasks, c.draws)) {
            d.missing.stream().limit(5).forEach(k -> out.println("  missing: " + k));
            d.extra.stream().limit(5).forEach(k -> out.println("  extra: " + k));
            d.different.entrySet().stream().limit(5).forEach(e -> out.println("  different: " + e.getValue()));
        }
        out.printf(Locale.ROOT, "%s: %d rounds, %d duplicates, %d lost, final outputs %s; median recovery %.1f s; "
                        + "%.0f s%n", r.passed() ? "PASSED" : "FAILED", r.rounds().size(), r.duplicates(), r.lost(),
                c.identical() ? "identical" : "DIFFERENT", r.medianRecovery(), r.seconds());
    }

    private static String instant(long epochMs) {
        return epochMs == Long.MIN_VALUE ? "none" : java.time.Instant.ofEpochMilli(epochMs).toString();
    }

    static void writeJson(Result r, Chaos.Options o, Path file) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", r.passed());
        m.put("seed", o.seed());
        m.put("entities", o.entities());
        m.put("rate", o.rate());
        m.put("sourceIdleness", o.sourceIdleness() != null ? o.sourceIdleness().toString()
                : org.creditgrid.pipeline.CreditGridConfig.defaults().sourceIdleness() + " (the job's default)");
        m.put("reference", "fault-free, at the same time, on a broker and a MiniCluster in the chaos command's JVM");
        m.put("inputRecords", r.inputRecords());
        m.put("input", Map.of("reference", r.referenceInput(), "faulty", r.chaosInput()));
        m.put("watermarks", Map.of("reference", instant(r.referenceWatermark()), "faulty",
                instant(r.chaosWatermark())));
        m.put("rounds", r.rounds());
        m.put("medianRecoverySeconds", r.medianRecovery());
        m.put("duplicates", r.duplicates());
        m.put("lost", r.lost());
        Outputs.Comparison c = r.comparison();
        m.put("identical", Map.of("profiles", c.profiles.toString(), "eventTriggers", c.eventTriggers.toString(),
                "tasks", c.tasks.toString(), "draws", c.draws.toString()));
        m.put("unexplainedClassTriggers", c.unexplainedClassTriggers);
        m.put("timingDependent", Map.of("profileRecordsReference", c.profileRecords[0],
                "profileRecordsFaulty", c.profileRecords[1], "profilesDifferingInHistoryOnly", c.profileHistory,
                "classTriggers", c.classTriggers.toString(), "triggerSnapshots", c.triggerStates.toString()));
        m.put("seconds", r.seconds());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), m);
    }
}
