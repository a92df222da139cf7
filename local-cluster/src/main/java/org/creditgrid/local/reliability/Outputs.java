package org.creditgrid.local.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.CommittedReader;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.DrawPublication;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;

/**
 * What a run published, as a downstream consumer sees it ({@code read_committed}), reduced to what the chaos verifier
 * compares: every profile version of every enterprise, every trigger, every task revision, every draw publication.
 * It reads the topics with its own consumer and decodes them with the published Avro contracts only — none of the
 * job's logic — so it is independent of what it checks.
 *
 * @param versions     profile versions per credit code, in the order read (a partition keeps one enterprise's order)
 * @param profiles     the last profile per credit code (highest version)
 * @param triggers     how many times each trigger id was published
 * @param lastTriggers the trigger per trigger id (the last one read)
 * @param revisions    how many times each task revision ({@code taskId#revision}) was published
 * @param tasks        the highest revision per task id
 * @param draws        the last draw publication per plan id
 * @param drawCopies   how many times each plan's draw was published (once all its shares are in: once)
 * @param classes      each enterprise's class in each of its profile versions, in the order read
 */
public record Outputs(Map<String, List<Long>> versions, Map<String, EnterpriseProfile> profiles,
                      Map<String, Integer> triggers, Map<String, InspectionTrigger> lastTriggers,
                      Map<String, Integer> revisions, Map<String, InspectionTask> tasks,
                      Map<String, DrawPublication> draws, Map<String, Integer> drawCopies,
                      Map<String, List<String>> classes) {

    private static final AvroCodec<EnterpriseProfile> PROFILE = AvroCodec.of(EnterpriseProfile.class);
    private static final AvroCodec<InspectionTrigger> TRIGGER = AvroCodec.of(InspectionTrigger.class);
    private static final AvroCodec<InspectionTask> TASK = AvroCodec.of(InspectionTask.class);
    private static final AvroCodec<InspectionPublication> PUBLICATION = AvroCodec.of(InspectionPublication.class);

    /** Reads the committed profiles, triggers, tasks and publications of {@code topics}. */
    public static Outputs read(Properties kafka, Topics topics) {
        Map<String, List<Long>> versions = new HashMap<>();
        Map<String, List<String>> classes = new HashMap<>();
        Map<String, EnterpriseProfile> profiles = new HashMap<>();
        CommittedReader.readAll(kafka, topics.profiles(), r -> {
            if (r.value() == null) {
                return; // a tombstone: the enterprise's record is compacted away, not a version
            }
            EnterpriseProfile p = decode(PROFILE, r.value());
            versions.computeIfAbsent(p.getCreditCode(), c -> new ArrayList<>()).add(p.getVersion());
            classes.computeIfAbsent(p.getCreditCode(), c -> new ArrayList<>()).add(p.getRiskClass().name());
            profiles.merge(p.getCreditCode(), p, (a, b) -> b.getVersion() >= a.getVersion() ? b : a);
        });
        Map<String, Integer> triggers = new HashMap<>();
        Map<String, InspectionTrigger> lastTriggers = new HashMap<>();
        CommittedReader.readAll(kafka, topics.triggers(), r -> {
            InspectionTrigger t = decode(TRIGGER, r.value());
            triggers.merge(t.getTriggerId(), 1, Integer::sum);
            lastTriggers.put(t.getTriggerId(), t);
        });
        Map<String, Integer> revisions = new HashMap<>();
        Map<String, InspectionTask> tasks = new HashMap<>();
        CommittedReader.readAll(kafka, topics.tasks(), r -> {
            InspectionTask t = decode(TASK, r.value());
            revisions.merge(t.getTaskId() + "#" + t.getRevision(), 1, Integer::sum);
            tasks.merge(t.getTaskId(), t, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
        });
        Map<String, DrawPublication> draws = new HashMap<>();
        Map<String, Integer> drawCopies = new HashMap<>();
        CommittedReader.readAll(kafka, topics.publications(), r -> {
            InspectionPublication p = decode(PUBLICATION, r.value());
            if (p.getDraw() != null) { // results of inspections are not compared: the chaos city reports none
                draws.put(p.getDraw().getPlanId(), p.getDraw());
                drawCopies.merge(p.getDraw().getPlanId(), 1, Integer::sum);
            }
        });
        return new Outputs(versions, profiles, triggers, lastTriggers, revisions, tasks, draws, drawCopies, classes);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("an output record does not decode with its contract", e);
        }
    }

    /** Profile records read, all versions of all enterprises. */
    public long profileRecords() {
        return versions.values().stream().mapToLong(List::size).sum();
    }

    /** Profile versions published more than once (each extra copy counts). */
    public long duplicateVersions() {
        long d = 0;
        for (List<Long> v : versions.values()) {
            d += v.size() - v.stream().distinct().count();
        }
        return d;
    }

    /** Versions missing between 1 and an enterprise's highest version. */
    public long missingVersions() {
        long m = 0;
        for (List<Long> v : versions.values()) {
            long max = v.stream().mapToLong(Long::longValue).max().orElse(0);
            m += max - v.stream().distinct().count();
        }
        return m;
    }

    /** Extra copies of triggers and of task revisions. */
    public long duplicateTriggers() {
        return triggers.values().stream().mapToLong(n -> n - 1).sum();
    }

    public long duplicateTaskRevisions() {
        return revisions.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Revisions missing between 1 and a task's highest revision. */
    public long missingTaskRevisions() {
        Map<String, Long> distinct = new HashMap<>();
        revisions.keySet().forEach(k -> distinct.merge(k.substring(0, k.lastIndexOf('#')), 1L, Long::sum));
        long m = 0;
        for (var e : distinct.entrySet()) {
            m += tasks.get(e.getKey()).getRevision() - e.getValue();
        }
        return m;
    }

    /** Extra copies of draw publications. */
    public long duplicateDraws() {
        return drawCopies.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Triggers raised by one input event, their id its event id and reason: present once per event, whatever the timing. */
    static final java.util.Set<String> EVENT_REASONS = java.util.Set.of("COMPLAINT", "DATA_ALERT", "REFERRAL",
            "ABNORMAL_LIST_ENTRY", "TASK_OVERDUE");

    /**
     * How this run's final outputs differ from {@code reference}'s, split into what must be identical and what the
     * order in which records of different topics (and the feedback topic's news) reach an enterprise may change:
     * <ul>
     *   <li>{@code profiles}: the final assessment of each enterprise — every field but the three that describe how
     *       it was reached ({@code version}, {@code previousClass}, {@code eventTime} of the last version);
     *       {@code profileHistory} counts the enterprises whose final record differs in those three only;</li>
     *   <li>{@code eventTriggers}: which event-driven triggers exist (complaint, data alert, referral, abnormal-list
     *       entry, overdue task: one per input event or task); {@code triggerStates} counts those whose snapshot of
     *       the enterprise (class, pool, unit, urgency at processing time) differs; {@code classTriggers}: which
     *       class-raised triggers exist (they follow intermediate classes, so arrival order decides them);</li>
     *   <li>{@code tasks} and {@code draws}: the drawn visits and the draw publications, whole (publications
     *       without their wall-clock publication time).</li>
     * </ul>
     */
    public Comparison compareTo(Outputs reference) {
        Comparison c = new Comparison();
        c.profiles = diff(reference.profiles, profiles, Outputs::assessment);
        c.profileHistory = diff(reference.profiles, profiles, p -> p).different.size() - c.profiles.different.size();
        c.eventTriggers = diff(filter(reference.lastTriggers, true), filter(lastTriggers, true), t -> "");
        c.classTriggers = diff(filter(reference.lastTriggers, false), filter(lastTriggers, false), t -> "");
        c.triggerStates = diff(reference.lastTriggers, lastTriggers, t -> t);
        // A class-raised trigger present in one run only is the same raise at another instant (its id carries the
        // assessment's as-of time, the latest event time the enterprise had seen) when the other run raised its
        // enterprise to that class as often; else its enterprise must have gone through other classes.
        for (String id : c.classTriggers.missing) {
            if (!explained(reference.lastTriggers.get(id), reference, this)) {
                c.unexplainedClassTriggers.add(id);
            }
        }
        for (String id : c.classTriggers.extra) {
            if (!explained(lastTriggers.get(id), this, reference)) {
                c.unexplainedClassTriggers.add(id);
            }
        }
        c.tasks = diff(reference.tasks, tasks, t -> t);
        c.draws = diff(reference.draws, draws, d -> DrawPublication.newBuilder(d).setPublishedAt(
                java.time.Instant.EPOCH).build());
        c.profileRecords = new long[] {reference.profileRecords(), profileRecords()};
        return c;
    }

    private static boolean explained(InspectionTrigger t, Outputs mine, Outputs other) {
        String code = t.getCreditCode();
        return !Objects.equals(mine.classes.get(code), other.classes.get(code))
                || mine.raises(code, t.getReason()) == other.raises(code, t.getReason());
    }

    /** How many triggers of {@code reason} the enterprise got. */
    private long raises(String code, org.creditgrid.schema.TriggerReason reason) {
        return lastTriggers.values().stream().filter(t -> t.getCreditCode().equals(code) && t.getReason() == reason)
                .count();
    }

    private static Map<String, InspectionTrigger> filter(Map<String, InspectionTrigger> all, boolean event) {
        Map<String, InspectionTrigger> m = new HashMap<>();
        all.forEach((id, t) -> {
            if (EVENT_REASONS.contains(t.getReason().name()) == event) {
                m.put(id, t);
            }
        });
        return m;
    }

    /** A profile without the fields that say how it was reached. */
    static EnterpriseProfile assessment(EnterpriseProfile p) {
        return EnterpriseProfile.newBuilder(p).setVersion(0).setPreviousClass(null).setEventTime(
                java.time.Instant.EPOCH).build();
    }

    private static <V> Diff diff(Map<String, V> reference, Map<String, V> run, java.util.function.Function<V, ?> key) {
        Diff d = new Diff();
        for (var e : reference.entrySet()) {
            V mine = run.get(e.getKey());
            if (mine == null) {
                d.missing.add(e.getKey());
            } else if (!Objects.equals(key.apply(mine), key.apply(e.getValue()))) {
                d.different.put(e.getKey(), e.getValue() + "\n    vs " + mine);
                if (mine instanceof org.apache.avro.specific.SpecificRecord a
                        && e.getValue() instanceof org.apache.avro.specific.SpecificRecord b) {
                    for (org.apache.avro.Schema.Field f : a.getSchema().getFields()) {
                        if (!Objects.equals(a.get(f.pos()), b.get(f.pos()))) {
                            d.fields.merge(f.name(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        run.keySet().stream().filter(k -> !reference.containsKey(k)).forEach(d.extra::add);
        d.compared = reference.size();
        return d;
    }

    /** One output's differences from the reference (examples are kept whole). */
    public static final class Diff {
        public long compared;
        public final List<String> missing = new ArrayList<>();
        public final List<String> extra = new ArrayList<>();
        public final Map<String, String> different = new TreeMap<>();
        /** How many of the different records differ in each field. */
        public final Map<String, Integer> fields = new TreeMap<>();

        public boolean identical() {
            return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
        }

        @Override
        public String toString() {
            return compared + " compared, " + missing.size() + " missing, " + extra.size() + " extra, "
                    + different.size() + " different" + (fields.isEmpty() ? "" : " " + fields);
        }
    }

    /** The differences of a run's final outputs from the reference run's (see {@link #compareTo}). */
    public static final class Comparison {
        public Diff profiles;
        public long profileHistory;
        public Diff eventTriggers;
        public Diff triggerStates;
        public Diff classTriggers;
        /**
         * Class-raised triggers in one run only although their enterprise went through the same classes and was
         * raised to that class a different number of times.
         */
        public final List<String> unexplainedClassTriggers = new ArrayList<>();
        public Diff tasks;
        public Diff draws;
        /** Profile records (all versions) of the reference and of the run. */
        public long[] profileRecords;

        /** The outputs that must not depend on timing are identical, and the class triggers' differences explained. */
        public boolean identical() {
            return profiles.identical() && eventTriggers.identical() && tasks.identical() && draws.identical()
                    && unexplainedClassTriggers.isEmpty();
        }
    }
}
