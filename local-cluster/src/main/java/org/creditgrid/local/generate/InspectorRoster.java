package org.creditgrid.local.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.nio.charset.StandardCharsets;
import org.creditgrid.claim.GridUnit;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.InspectorStatus;

/**
 * A synthetic inspector library for the demo's plans, with the imperfections a real one has, so the rules of the
 * draw have something to refuse. Per supervision unit: {@value #FOOD_PER_UNIT} food-safety inspectors (SAMR-FOOD)
 * and {@value #MARKET_PER_UNIT} market inspectors (SAMR). Of them:
 * <ul>
 *   <li>qualifications: 85 % of food inspectors hold FOOD_INSPECTOR, 60 % of market inspectors QUALITY_INSPECTOR
 *       (and a few the other one);</li>
 *   <li>certificates: 5 % expired on 31 March of the year, 5 % expire on 30 September (valid for a June plan's
 *       deadline, not a December one's), the rest valid three more years;</li>
 *   <li>status: 3 % SUSPENDED, 1 % RETIRED;</li>
 *   <li>conflicts: 30 % declare a conflict of interest with 5–20 enterprises, two thirds of their own unit, the others
 *       of the district.</li>
 * </ul>
 */
public final class InspectorRoster {

    public static final String FOOD = "SAMR-FOOD";
    public static final String MARKET = "SAMR";
    static final int FOOD_PER_UNIT = 3;
    static final int MARKET_PER_UNIT = 4;
    private static final ZoneId CHINA = org.creditgrid.calendar.Window.CHINA;

    private InspectorRoster() {}

    /** The library; {@code enterpriseUnits} (credit code → unit) is where conflicts are declared. */
    public static List<Inspector> of(List<GridUnit> units, Map<String, String> enterpriseUnits, int year, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x1A5BEC7011L);
        Map<String, List<String>> byUnit = new TreeMap<>();
        enterpriseUnits.forEach((code, unit) -> byUnit.computeIfAbsent(unit, u -> new ArrayList<>()).add(code));
        byUnit.values().forEach(l -> l.sort(null)); // the map's order must not decide the draw
        Map<String, List<String>> unitsOfDistrict = new HashMap<>();
        units.forEach(u -> unitsOfDistrict.computeIfAbsent(u.districtCode(), d -> new ArrayList<>()).add(u.unitId()));
        Instant recorded = LocalDate.of(year, 1, 2).atStartOfDay(CHINA).toInstant();
        List<Inspector> roster = new ArrayList<>();
        for (GridUnit unit : units) {
            for (int i = 0; i < FOOD_PER_UNIT + MARKET_PER_UNIT; i++) {
                boolean food = i < FOOD_PER_UNIT;
                List<String> qualifications = new ArrayList<>();
                if (random.nextDouble() < (food ? 0.85 : 0.10)) {
                    qualifications.add("FOOD_INSPECTOR");
                }
                if (random.nextDouble() < (food ? 0.20 : 0.60)) {
                    qualifications.add("QUALITY_INSPECTOR");
                }
                double c = random.nextDouble();
                LocalDate validUntil = c < 0.05 ? LocalDate.of(year, 3, 31)
                        : c < 0.10 ? LocalDate.of(year, 9, 30) : LocalDate.of(year + 3, 12, 31);
                double s = random.nextDouble();
                InspectorStatus status = s < 0.03 ? InspectorStatus.SUSPENDED
                        : s < 0.04 ? InspectorStatus.RETIRED : InspectorStatus.ACTIVE;
                LinkedHashSet<String> conflicts = new LinkedHashSet<>();
                if (random.nextDouble() < 0.30) {
                    int n = 5 + random.nextInt(16);
                    List<String> neighbours = unitsOfDistrict.get(unit.districtCode());
                    for (int k = 0; k < n; k++) {
                        String where = random.nextDouble() < 2.0 / 3 ? unit.unitId()
                                : neighbours.get(random.nextInt(neighbours.size()));
                        List<String> there = byUnit.getOrDefault(where, List.of());
                        if (!there.isEmpty()) {
                            conflicts.add(there.get(random.nextInt(there.size())));
                        }
                    }
                }
                String id = String.format("%s-%s-%02d", food ? "F" : "M", unit.unitId(), i);
                roster.add(Inspector.newBuilder()
                        .setInspectorId(id)
                        .setName((food ? "Food inspector " : "Market inspector ") + id)
                        .setDepartment(food ? FOOD : MARKET)
                        .setUnitId(unit.unitId())
                        .setDistrictCode(unit.districtCode())
                        .setQualifications(qualifications)
                        .setCertificateValidUntil(validUntil.atTime(23, 59, 59).atZone(CHINA).toInstant())
                        .setStatus(status)
                        .setConflicts(new ArrayList<>(conflicts))
                        .setEventTime(recorded)
                        .build());
            }
        }
        return roster;
    }

    /** Sends the library to its topic, keyed by inspector id (a changelog: sending it again changes nothing). */
    public static void publish(List<Inspector> roster, RecordSink sink, String topic) {
        AvroCodec<Inspector> codec = AvroCodec.of(Inspector.class);
        for (Inspector i : roster) {
            sink.send(topic, i.getInspectorId().getBytes(StandardCharsets.UTF_8), codec.encode(i),
                    i.getEventTime().toEpochMilli());
        }
    }
}
