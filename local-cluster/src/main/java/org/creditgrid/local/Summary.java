package org.creditgrid.local;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.Reason;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;

/**
 * What a run produced, computed only from the output topics as a {@code read_committed} consumer sees them, never
 * from counters inside the job.
 */
@JsonPropertyOrder({"entities", "events", "injectedBad", "deadLetters", "profiles", "classes", "pools", "indicators", "claimRate",
    "claimByMethod", "claimAccuracy", "unclaimedWithoutRequest", "claimQueue", "caseCandidates", "tasks", "tasksByClass", "tasksByPlan", "repeatRate", "draws", "inspection", "outputs", "duplicates", "savepointBytes", "stateBytesPerEnterprise",
    "elapsedSeconds", "eventsPerSecond", "activeClasses", "openCases"})
public record Summary(
        long entities,
        long events,
        long injectedBad,
        long deadLetters,
        long profiles,
        Map<String, Long> classes,
        Map<String, Long> pools,
        Map<String, Long> indicators,
        double claimRate,
        Map<String, Long> claimByMethod,
        double claimAccuracy,
        long unclaimedWithoutRequest,
        Map<String, Long> claimQueue,
        Map<String, Long> caseCandidates,
        long tasks,
        Map<String, Long> tasksByClass,
        Map<String, Long> tasksByPlan,
        double repeatRate,
        Map<String, Map<String, Object>> draws,
        Map<String, Object> inspection,
        Map<String, Long> outputs,
        Map<String, Long> duplicates,
        long savepointBytes,
        double stateBytesPerEnterprise,
        double elapsedSeconds,
        double eventsPerSecond,
        Map<String, Long> activeClasses,
        long openCases,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Long> enterprisesByPlace) {

    /**
     * The latest profile of each enterprise, reduced to what the summary needs, and how many profile records it
     * has: versions run 1, 2, 3 … per enterprise, so more records than the highest version means a duplicate.
     */
    private record Latest(long version, String riskClass, String pool, ClaimMethod method, String unitId,
                          List<String> indicators, boolean active, long records) {}

    /**
     * Reads the output topics. {@code savepointBytes} is the size of the final savepoint (0 if none was taken): all
     * the job's state, so divided by the entities it is the state an enterprise costs.
     */
    public static Summary read(java.util.Properties kafka, Topics topics, long entities, long events, long injectedBad,
                               double elapsedSeconds, double processingSeconds, long savepointBytes,
                               Map<String, String> trueUnits) {
        AvroCodec<EnterpriseProfile> profileCodec = AvroCodec.of(EnterpriseProfile.class);
        AvroCodec<InspectionTask> taskCodec = AvroCodec.of(InspectionTask.class);
        Map<String, Latest> latest = new HashMap<>();
        Map<String, Long> outputs = new LinkedHashMap<>();
        outputs.put(topics.profiles(), CommittedReader.readAll(kafka, topics.profiles(), r -> {
            if (r.value() == null) {
                return;
            }
            EnterpriseProfile p = decode(profileCodec, r.value());
            latest.merge(p.getCreditCode(), new Latest(p.getVersion(), p.getRiskClass().name(), p.getPool().name(),
                    p.getClaimMethod(), p.getUnitId(), p.getReasons().stream().map(Reason::getIndicator).toList(),
                    p.getStatus() == org.creditgrid.schema.EnterpriseStatus.ACTIVE, 1),
                    (a, b) -> {
                        Latest newer = a.version() >= b.version() ? a : b;
                        return new Latest(newer.version(), newer.riskClass(), newer.pool(), newer.method(),
                                newer.unitId(), newer.indicators(), newer.active(), a.records() + b.records());
                    });
        }));
        Map<String, Long> tasksByClass = counts("A", "B", "C", "D");
        Map<String, Long> tasksByPlan = new java.util.TreeMap<>();
        // Every inspection each enterprise had: the results on the input topic and the tasks drawn.
        Map<String, List<Inspection>> inspections = new HashMap<>();
        java.util.Set<String> reported = new java.util.HashSet<>(); // results naming a drawn task
        AvroCodec<EnforcementEvent> eventCodec = AvroCodec.of(EnforcementEvent.class);
        CommittedReader.readAll(kafka, topics.events(), r -> {
            EnforcementEvent e;
            try {
                e = eventCodec.decode(r.value());
            } catch (Exception malformed) {
                return; // a deliberately malformed input
            }
            if (e.getKind() == org.creditgrid.schema.EventKind.INSPECTION_RESULT) {
                if (((org.creditgrid.schema.InspectionOutcome) e.getDetail()).getTaskId() != null) {
                    reported.add(e.getEventId());
                }
                inspections.computeIfAbsent(e.getCreditCode(), k -> new ArrayList<>()).add(new Inspection(
                        e.getDepartment() + "/" + ((org.creditgrid.schema.InspectionOutcome) e.getDetail())
                                .getInspectionType(), e.getEventTime().toEpochMilli(), e.getEventId()));
            }
        });
        java.util.Set<String> taskIds = new java.util.HashSet<>();
        long[] duplicateTasks = {0};
        AvroCodec<InspectionTrigger> triggerCodec = AvroCodec.of(InspectionTrigger.class);
        Map<String, Long> triggersByReason = new java.util.TreeMap<>();
        outputs.put(topics.triggers(), CommittedReader.readAll(kafka, topics.triggers(), r ->
                triggersByReason.merge(decode(triggerCodec, r.value()).getReason().name(), 1L, Long::sum)));
        // A visit is republished (same task id, higher revision) when a later plan of its period adds items.
        Map<String, InspectionTask> visits = new LinkedHashMap<>();
        outputs.put(topics.tasks(), CommittedReader.readAll(kafka, topics.tasks(), r -> {
            InspectionTask t = decode(taskCodec, r.value());
            if (!taskIds.add(t.getTaskId() + "#" + t.getRevision())) {
                duplicateTasks[0]++;
            }
            visits.merge(t.getTaskId(), t, Summary::newerRevision);
        }));
        for (InspectionTask t : visits.values()) {
            tasksByClass.merge(t.getRiskClass().name(), 1L, Long::sum);
            tasksByPlan.merge(t.getPlanId(), 1L, Long::sum);
            long when = t.getDrawTime().toEpochMilli();
            for (var item : t.getItems()) {
                inspections.computeIfAbsent(t.getCreditCode(), k -> new ArrayList<>())
                        .add(new Inspection(item.getDepartment() + "/" + item.getInspectionType(), when, t.getTaskId()));
            }
        }
        // The manual-claim queue as a consumer sees it: the latest transition of each enterprise's request.
        AvroCodec<ClaimRequest> claimCodec = AvroCodec.of(ClaimRequest.class);
        Map<String, ClaimRequest> requests = new HashMap<>();
        // Every case opened or handed on: a unit to ask among its candidates, or a detail saying why there is none.
        Map<String, Long> caseCandidates = new LinkedHashMap<>(Map.of("opened", 0L, "withCandidate", 0L,
                "noCandidateWithReason", 0L, "noUnitAndNoReason", 0L));
        outputs.put(topics.claims(), CommittedReader.readAll(kafka, topics.claims(), r -> {
            ClaimRequest c = decode(claimCodec, r.value());
            requests.put(c.getCreditCode(), c);
            if (c.getStatus() == org.creditgrid.schema.ClaimStatus.OPEN) {
                caseCandidates.merge("opened", 1L, Long::sum);
                boolean asked = !c.getCandidateUnits().isEmpty() && c.getAssignedUnit() != null
                        && c.getCandidateUnits().contains(c.getAssignedUnit());
                caseCandidates.merge(asked ? "withCandidate" : c.getDetail().contains("no candidate unit")
                        ? "noCandidateWithReason" : "noUnitAndNoReason", 1L, Long::sum);
            }
        }));
        // "One public": per plan, eligible after the exclusion and drawn, by class; realised = drawn / eligible.
        // Results of drawn inspections, by outcome.
        Map<String, Map<String, Object>> draws = new java.util.TreeMap<>();
        Map<String, Long> results = new java.util.TreeMap<>();
        List<String> publishedFor = new ArrayList<>(); // the result event behind each published result
        AvroCodec<org.creditgrid.schema.InspectionPublication> publicationCodec =
                AvroCodec.of(org.creditgrid.schema.InspectionPublication.class);
        outputs.put(topics.publications(), CommittedReader.readAll(kafka, topics.publications(), r -> {
            var published = decode(publicationCodec, r.value());
            if (published.getInspection() != null) {
                results.merge(published.getInspection().getOutcome().name(), 1L, Long::sum);
                publishedFor.add(published.getInspection().getSourceEventId());
                return;
            }
            var p = published.getDraw();
            Map<String, Double> realised = new LinkedHashMap<>();
            p.getEligible().forEach((c, n) -> realised.put(c, n == 0 ? 0 : round4(
                    (double) p.getDrawn().getOrDefault(c, 0L) / n)));
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("eligible", new java.util.TreeMap<>(p.getEligible()));
            d.put("drawn", new java.util.TreeMap<>(p.getDrawn()));
            d.put("realised", realised);
            d.put("excluded", p.getExcluded());
            d.put("eligibleDigest", p.getEligibleDigest());
            draws.put(p.getPlanId(), d);
        }));
        outputs.put(topics.deadLetters(), CommittedReader.readAll(kafka, topics.deadLetters(), r -> { }));
        Map<String, Object> inspection = checkInspectors(kafka, topics, visits.values());
        inspection.put("resultsReported", (long) reported.size());
        // Each reported result published exactly once: none missing, none twice, none from nowhere.
        java.util.Set<String> once = new java.util.HashSet<>(publishedFor);
        long unmatched = publishedFor.size() - once.size();
        unmatched += reported.stream().filter(id -> !once.contains(id)).count();
        unmatched += once.stream().filter(id -> !reported.contains(id)).count();
        inspection.put("resultsUnmatched", unmatched);
        inspection.put("resultsPublished", results);
        inspection.put("triggersByReason", triggersByReason);

        Map<String, Long> classes = counts("A", "B", "C", "D");
        Map<String, Long> activeClasses = counts("A", "B", "C", "D");
        // Claimed enterprises per unit id and per district code (a unit id begins with its district's, as the grid's do).
        Map<String, Long> byPlace = new HashMap<>();
        Map<String, Long> pools = new LinkedHashMap<>();
        pools.put("prudent", 0L);
        pools.put("inclusive", 0L);
        pools.put("general", 0L);
        Map<String, Long> byMethod = new LinkedHashMap<>();
        for (ClaimMethod m : ClaimMethod.values()) {
            byMethod.put(m.name(), 0L);
        }
        long claimed = 0;
        long duplicateProfiles = 0;
        Map<String, Long> indicators = new java.util.TreeMap<>();
        long withoutRequest = 0;
        Map<String, Long> queue = new LinkedHashMap<>();
        for (ClaimStatus st : ClaimStatus.values()) {
            queue.put(st.name(), 0L);
        }
        requests.values().forEach(r -> queue.merge(r.getStatus().name(), 1L, Long::sum));
        long autoClaimed = 0;
        long autoRight = 0;
        for (Map.Entry<String, Latest> e : latest.entrySet()) {
            Latest l = e.getValue();
            if (l.method() == ClaimMethod.UNCLAIMED && l.active()) {
                // Still queued (a deregistered enterprise's case is withdrawn): opened, handed on or escalated (an escalated case stays with the district).
                ClaimRequest open = requests.get(e.getKey());
                withoutRequest += open == null || open.getReason() == null || !QUEUED.contains(open.getStatus())
                        ? 1 : 0;
            }
            if (AUTOMATIC.contains(l.method())) {
                autoClaimed++;
                autoRight += l.unitId() != null && l.unitId().equals(trueUnits.get(e.getKey())) ? 1 : 0;
            }
            l.indicators().forEach(i -> indicators.merge(i, 1L, Long::sum));
            duplicateProfiles += Math.max(0, l.records() - l.version());
            classes.merge(l.riskClass(), 1L, Long::sum);
            if (l.active()) {
                activeClasses.merge(l.riskClass(), 1L, Long::sum);
                if (l.unitId() != null) {
                    byPlace.merge(l.unitId(), 1L, Long::sum);
                    byPlace.merge(l.unitId().substring(0, 6), 1L, Long::sum);
                }
            }
            pools.merge(l.pool().toLowerCase(Locale.ROOT), 1L, Long::sum);
            byMethod.merge(l.method().name(), 1L, Long::sum);
            if (AUTOMATIC.contains(l.method())) {
                claimed++;
            }
        }
        return new Summary(entities, events, injectedBad, outputs.get(topics.deadLetters()), latest.size(), classes,
                pools, indicators, latest.isEmpty() ? 0 : (double) claimed / latest.size(), byMethod,
                autoClaimed == 0 ? 0 : round4((double) autoRight / autoClaimed), withoutRequest, queue, caseCandidates,
                (long) visits.size(), tasksByClass, tasksByPlan, repeatRate(visits.values(), inspections), draws, inspection, outputs,
                Map.of("profiles", duplicateProfiles, "tasks", duplicateTasks[0]), savepointBytes,
                entities == 0 ? 0 : round((double) savepointBytes / entities), round(elapsedSeconds),
                round(processingSeconds > 0 ? events / processingSeconds : 0), activeClasses,
                queue.entrySet().stream().filter(e -> QUEUED.contains(ClaimStatus.valueOf(e.getKey())))
                        .mapToLong(Map.Entry::getValue).sum(), byPlace);
    }

    private record Inspection(String check, long time, String source) {}

    /**
     * Every team member of every task checked against the inspector library and the plans as they are on their
     * topics — independently of the job's own rules: the department's, ACTIVE, certified until the deadline, holding
     * the qualifications of the department's items, no declared conflict with the enterprise, not of its unit when
     * the plan asks. Also: tasks where a conflict could have bitten (a fit-looking inspector of the department in
     * the district declared one with the enterprise), INCLUSIVE A/B enterprises drawn, tasks per unit.
     */
    private static Map<String, Object> checkInspectors(java.util.Properties kafka, Topics topics,
                                                       java.util.Collection<InspectionTask> tasks) {
        AvroCodec<org.creditgrid.schema.Inspector> inspectorCodec = AvroCodec.of(org.creditgrid.schema.Inspector.class);
        Map<String, org.creditgrid.schema.Inspector> library = new HashMap<>();
        CommittedReader.readAll(kafka, topics.inspectors(), r -> {
            try {
                var i = decode(inspectorCodec, r.value());
                library.put(i.getInspectorId(), i);
            } catch (RuntimeException malformed) {
                // not the demo's
            }
        });
        AvroCodec<org.creditgrid.schema.SamplingPlan> planCodec =
                AvroCodec.of(org.creditgrid.schema.SamplingPlan.class);
        Map<String, Boolean> fromOtherUnit = new HashMap<>();
        CommittedReader.readAll(kafka, topics.plans(), r -> {
            try {
                var p = decode(planCodec, r.value());
                fromOtherUnit.put(p.getPlanId(), p.getInspectorsFromOtherUnit());
            } catch (RuntimeException malformed) {
                // dead-lettered by the job
            }
        });
        Map<String, Map<String, List<org.creditgrid.schema.Inspector>>> conflictsByCode = new HashMap<>();
        library.values().forEach(i -> i.getConflicts().forEach(code -> conflictsByCode
                .computeIfAbsent(code, c -> new HashMap<>())
                .computeIfAbsent(i.getDepartment(), d -> new ArrayList<>()).add(i)));
        Map<String, Long> unfit = new java.util.TreeMap<>();
        long assignments = 0;
        long understaffed = 0;
        long conflictsInPlay = 0;
        long inclusiveAB = 0;
        Map<String, Long> perUnit = new HashMap<>();
        for (InspectionTask t : tasks) {
            if (t.getPool() == org.creditgrid.schema.Pool.INCLUSIVE
                    && (t.getRiskClass() == org.creditgrid.schema.RiskClass.A
                        || t.getRiskClass() == org.creditgrid.schema.RiskClass.B)) {
                inclusiveAB++;
            }
            perUnit.merge(String.valueOf(t.getUnitId()), 1L, Long::sum);
            boolean bites = false;
            for (var team : t.getTeams()) {
                understaffed += team.getInspectors().size() < 2 ? 1 : 0;
                java.util.Set<String> needed = new java.util.HashSet<>();
                t.getItems().stream().filter(it -> it.getDepartment().equals(team.getDepartment())
                        && it.getRequiredQualification() != null).forEach(it -> needed.add(it.getRequiredQualification()));
                for (var c : conflictsByCode.getOrDefault(t.getCreditCode(), Map.of())
                        .getOrDefault(team.getDepartment(), List.of())) {
                    bites |= c.getStatus() == org.creditgrid.schema.InspectorStatus.ACTIVE
                            && c.getQualifications().containsAll(needed)
                            && c.getDistrictCode().equals(t.getDistrictCode());
                }
                for (String id : team.getInspectors()) {
                    assignments++;
                    var i = library.get(id);
                    String why = i == null ? "unknown"
                            : !i.getDepartment().equals(team.getDepartment()) ? "department"
                            : i.getStatus() != org.creditgrid.schema.InspectorStatus.ACTIVE ? "status"
                            : i.getCertificateValidUntil().isBefore(t.getDeadline()) ? "certificate"
                            : !i.getQualifications().containsAll(needed) ? "qualification"
                            : i.getConflicts().contains(t.getCreditCode()) ? "conflict"
                            : fromOtherUnit.getOrDefault(t.getPlanId(), false) && i.getUnitId().equals(t.getUnitId())
                                    ? "ownUnit" : null;
                    if (why != null) {
                        unfit.merge(why, 1L, Long::sum);
                    }
                }
            }
            conflictsInPlay += bites ? 1 : 0;
        }
        List<Long> loads = perUnit.values().stream().sorted().toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inspectors", (long) library.size());
        m.put("assignments", assignments);
        m.put("unfitAssignments", unfit.values().stream().mapToLong(Long::longValue).sum());
        m.put("unfitByReason", unfit);
        m.put("understaffedTeams", understaffed);
        m.put("tasksWithAConflictInPlay", conflictsInPlay);
        m.put("inclusiveABDrawn", inclusiveAB);
        m.put("tasksPerUnit", loads.isEmpty() ? Map.of() : Map.of("units", (long) loads.size(), "min", loads.get(0),
                "median", loads.get(loads.size() / 2), "max", loads.get(loads.size() - 1)));
        return m;
    }

    /**
     * Tasks whose enterprise had one of the task's checks (department and inspection type) from the same department
     * in the 365 days before the draw — an inspection result or an earlier task — over all tasks.
     */
    private static double repeatRate(java.util.Collection<InspectionTask> tasks, Map<String, List<Inspection>> inspections) {
        long repeats = 0;
        for (InspectionTask t : tasks) {
            long at = t.getDrawTime().toEpochMilli();
            List<Inspection> had = inspections.getOrDefault(t.getCreditCode(), List.of());
            boolean repeat = false;
            for (var item : t.getItems()) {
                String check = item.getDepartment() + "/" + item.getInspectionType();
                repeat |= had.stream().anyMatch(i -> i.check().equals(check) && !i.source().equals(t.getTaskId())
                        && i.time() < at && i.time() >= at - 365 * 86_400_000L);
            }
            repeats += repeat ? 1 : 0;
        }
        return tasks.isEmpty() ? 0 : round4((double) repeats / tasks.size());
    }

    /** The claim rate is the automatic one (the seed's "claim rate"): a unit's manual claim does not count. */
    private static final java.util.Set<ClaimMethod> AUTOMATIC =
            java.util.EnumSet.of(ClaimMethod.STANDARD_ADDRESS, ClaimMethod.COORDINATES, ClaimMethod.HISTORY);
    private static final java.util.Set<ClaimStatus> QUEUED =
            java.util.EnumSet.of(ClaimStatus.OPEN, ClaimStatus.RETURNED, ClaimStatus.ESCALATED);

    /** The later revision of a joint visit (a later plan of its period republishes it). */
    static InspectionTask newerRevision(InspectionTask a, InspectionTask b) {
        return a.getRevision() >= b.getRevision() ? a : b;
    }

    /** A record the job published; failing loudly, since the job only publishes what its schemas allow. */
    public static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroCodec<T> codec, byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("the job published an undecodable " + codec.type().getSimpleName(), e);
        }
    }

    private static Map<String, Long> counts(String... keys) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String k : keys) {
            m.put(k, 0L);
        }
        return m;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * No enterprise without a profile, no unclaimed one missing from the manual-claim queue, no case opened without a
     * unit to ask unless it says why, no duplicate, no unfit
     * inspector, no INCLUSIVE A/B enterprise drawn, every reported result published once.
     */
    public boolean consistent() {
        return profiles == entities && unclaimedWithoutRequest == 0
                && Long.valueOf(0).equals(caseCandidates.get("noUnitAndNoReason"))
                && duplicates.values().stream().allMatch(d -> d == 0)
                && Long.valueOf(0).equals(inspection.get("unfitAssignments"))
                && Long.valueOf(0).equals(inspection.get("inclusiveABDrawn"))
                && Long.valueOf(0).equals(inspection.get("resultsUnmatched"));
    }

    /** Results published on the publications topic, whatever their outcome. */
    private long resultsPublished() {
        @SuppressWarnings("unchecked")
        Map<String, Long> byOutcome = (Map<String, Long>) inspection.get("resultsPublished");
        return byOutcome.values().stream().mapToLong(Long::longValue).sum();
    }

    public void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    public void print(PrintStream out) {
        out.println();
        out.println("CreditGrid demo summary (read_committed from the output topics)");
        out.println("----------------------------------------------------------------");
        row(out, "entities", String.format(Locale.ROOT, "%,d (profiles for %,d)", entities, profiles));
        row(out, "input records", String.format(Locale.ROOT, "%,d (%,d deliberately malformed)", events, injectedBad));
        row(out, "dead letters", String.format(Locale.ROOT, "%,d", deadLetters));
        StringBuilder c = new StringBuilder();
        for (Map.Entry<String, Long> e : classes.entrySet()) {
            c.append(String.format(Locale.ROOT, "%s %,d (%.1f %%)  ", e.getKey(), e.getValue(), pct(e.getValue())));
        }
        row(out, "risk classes", c.toString().trim());
        row(out, "pools", String.format(Locale.ROOT, "prudent %,d (%.2f %%)  inclusive %,d (%.2f %%)  general %,d",
                pools.get("prudent"), pct(pools.get("prudent")), pools.get("inclusive"), pct(pools.get("inclusive")),
                pools.get("general")));
        StringBuilder ind = new StringBuilder();
        indicators.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> ind.append(String.format(Locale.ROOT, "%s%s %,d", ind.isEmpty() ? "" : ", ",
                        e.getKey(), e.getValue())));
        row(out, "reasons", ind.toString());
        row(out, "claim rate", String.format(Locale.ROOT, "%.4f automatic  %s", claimRate, claimByMethod));
        row(out, "claim accuracy", String.format(Locale.ROOT,
                "%.4f of automatic claims name the unit the generator put the entity in", claimAccuracy));
        row(out, "manual queue", String.format(Locale.ROOT,
                "latest transition per enterprise %s; %,d unclaimed enterprises not queued with a reason", claimQueue,
                unclaimedWithoutRequest));
        row(out, "manual cases", String.format(Locale.ROOT, "%,d opened: %,d ask a candidate unit, %,d have no"
                + " candidate and say why, %,d have neither", caseCandidates.get("opened"),
                caseCandidates.get("withCandidate"), caseCandidates.get("noCandidateWithReason"),
                caseCandidates.get("noUnitAndNoReason")));
        row(out, "triggers", String.valueOf(inspection.get("triggersByReason")));
        row(out, "inspection tasks", String.format(Locale.ROOT, "%,d  by class %s  by plan %s", tasks, tasksByClass,
                tasksByPlan));
        row(out, "inspectors", String.format(Locale.ROOT, "%,d assignments from a library of %,d: %,d unfit %s, "
                + "%,d understaffed teams; %,d tasks had a declared conflict in play; %,d INCLUSIVE A/B drawn; "
                + "tasks per unit %s", inspection.get("assignments"), inspection.get("inspectors"),
                inspection.get("unfitAssignments"), inspection.get("unfitByReason"), inspection.get("understaffedTeams"),
                inspection.get("tasksWithAConflictInPlay"), inspection.get("inclusiveABDrawn"),
                inspection.get("tasksPerUnit")));
        row(out, "results", String.format(Locale.ROOT, "%,d reported for drawn tasks, %,d published %s; %,d not "
                + "published exactly once", inspection.get("resultsReported"), resultsPublished(),
                inspection.get("resultsPublished"), inspection.get("resultsUnmatched")));
        row(out, "repeat rate", String.format(Locale.ROOT, "%.4f of tasks had a check of theirs from the same "
                + "department within 365 days (prudent pool exempt from the exclusion)", repeatRate));
        draws.forEach((plan, d) -> row(out, "draw " + plan.substring(Math.max(0, plan.length() - 8)),
                String.format(Locale.ROOT, "realised %s of eligible %s; %,d excluded", d.get("realised"),
                        d.get("eligible"), (Long) d.get("excluded"))));
        row(out, "outputs", outputs.toString());
        row(out, "duplicates", duplicates.toString() + " (records beyond their version numbers; task revisions seen twice)");
        if (savepointBytes > 0) {
            row(out, "state", String.format(Locale.ROOT, "%,d bytes in the final savepoint, %.0f per enterprise",
                    savepointBytes, stateBytesPerEnterprise));
        }
        row(out, "elapsed", String.format(Locale.ROOT, "%.1f s", elapsedSeconds));
        row(out, "throughput", String.format(Locale.ROOT, "%,.0f input records/s", eventsPerSecond));
    }

    private double pct(long v) {
        return profiles == 0 ? 0 : 100.0 * v / profiles;
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf(Locale.ROOT, "%-17s %s%n", name, value);
    }
}
