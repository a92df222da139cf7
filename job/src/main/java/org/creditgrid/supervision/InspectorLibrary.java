package org.creditgrid.supervision;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.InspectionTeam;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.InspectorStatus;
import org.creditgrid.schema.PlanItem;

/**
 * The inspector library of "double random" ("one list, two libraries"): who may be sent on a visit. Each department
 * of a joint task sends two inspectors drawn at random among those fit for its part of it: ACTIVE, of that
 * department, holding every qualification its items require, certified until the task's deadline, with no declared
 * conflict with the enterprise and, when the plan asks, not of the enterprise's own unit. The enterprise's district
 * is drawn from first (the inspectors travel less), the rest of the city only when the district has fewer than two.
 *
 * <p>The draw is reproducible: candidates are ranked by {@code u = splitmix64(seed XOR fnv1a64(creditCode + '|' +
 * department) XOR fnv1a64(inspectorId))}, the lowest first, so the same plan over the same library (its digest is
 * published) gives the same teams whatever the order the library arrived in.
 */
public final class InspectorLibrary {

    public static final InspectorLibrary EMPTY = of(List.of());

    /** Department → district → inspectors, by id. */
    private final Map<String, Map<String, List<Inspector>>> byDistrict = new HashMap<>();
    private final Map<String, List<Inspector>> byDepartment = new HashMap<>();
    private final String digest;
    private final int size;

    private InspectorLibrary(List<Inspector> sorted, String digest) {
        for (Inspector i : sorted) {
            byDepartment.computeIfAbsent(i.getDepartment(), d -> new ArrayList<>()).add(i);
            byDistrict.computeIfAbsent(i.getDepartment(), d -> new HashMap<>())
                    .computeIfAbsent(i.getDistrictCode(), d -> new ArrayList<>()).add(i);
        }
        this.digest = digest;
        this.size = sorted.size();
    }

    /** The library as of the latest record of each inspector. */
    public static InspectorLibrary of(Iterable<Inspector> inspectors) {
        List<Inspector> sorted = new ArrayList<>();
        inspectors.forEach(sorted::add);
        sorted.sort(Comparator.comparing(Inspector::getInspectorId));
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        AvroCodec<Inspector> codec = AvroCodec.of(Inspector.class);
        for (Inspector i : sorted) {
            sha256.update(codec.encode(i));
        }
        return new InspectorLibrary(sorted, HexFormat.of().formatHex(sha256.digest()));
    }

    /** SHA-256 of the records sorted by id (Avro binary): published with each draw. */
    public String digest() {
        return digest;
    }

    public int size() {
        return size;
    }

    /** What one department's part of a visit asks of its inspectors. */
    public record Assignment(String department, Set<String> qualifications, String creditCode, String enterpriseUnit,
                             Instant deadline, boolean fromOtherUnit) {}

    /** Why {@code i} cannot serve {@code a}, or null if it can. */
    public static String unfitness(Inspector i, Assignment a) {
        if (!i.getDepartment().equals(a.department())) {
            return "of department " + i.getDepartment();
        }
        if (i.getStatus() != InspectorStatus.ACTIVE) {
            return "status " + i.getStatus();
        }
        if (i.getCertificateValidUntil().isBefore(a.deadline())) {
            return "certificate valid until " + i.getCertificateValidUntil() + ", before the deadline";
        }
        if (!i.getQualifications().containsAll(a.qualifications())) {
            return "lacks one of " + a.qualifications();
        }
        if (i.getConflicts().contains(a.creditCode())) {
            return "declared a conflict with " + a.creditCode();
        }
        if (a.fromOtherUnit() && i.getUnitId().equals(a.enterpriseUnit())) {
            return "of the enterprise's own unit";
        }
        return null;
    }

    /**
     * One team per department of {@code items} (in item order), two inspectors each when the library has them.
     * {@code district} and {@code unit} are the enterprise's (either may be null: unclaimed).
     */
    public List<InspectionTeam> staff(long seed, String creditCode, String unit, String district,
                                      List<PlanItem> items, Instant deadline, boolean fromOtherUnit) {
        Map<String, Set<String>> departments = new LinkedHashMap<>();
        for (PlanItem item : items) {
            Set<String> q = departments.computeIfAbsent(item.getDepartment(), d -> new LinkedHashSet<>());
            if (item.getRequiredQualification() != null) {
                q.add(item.getRequiredQualification());
            }
        }
        List<InspectionTeam> teams = new ArrayList<>();
        departments.forEach((department, qualifications) -> teams.add(team(seed, new Assignment(department,
                qualifications, creditCode, unit, deadline, fromOtherUnit), district)));
        return teams;
    }

    private InspectionTeam team(long seed, Assignment a, String district) {
        long key = seed ^ SamplingDraw.fnv1a64(a.creditCode() + "|" + a.department());
        List<String> chosen = new ArrayList<>(2);
        List<Inspector> local = district == null ? List.of()
                : byDistrict.getOrDefault(a.department(), Map.of()).getOrDefault(district, List.of());
        pick(local, a, key, chosen);
        if (chosen.size() < 2) { // the district alone cannot staff it: the rest of the city
            pick(byDepartment.getOrDefault(a.department(), List.of()), a, key, chosen);
        }
        String shortfall = chosen.size() == 2 ? null
                : "only " + chosen.size() + " fit inspector(s) of " + a.department() + " in the library of " + size
                        + " (needs " + (a.qualifications().isEmpty() ? "no qualification" : a.qualifications())
                        + (a.fromOtherUnit() ? ", from another unit" : "") + ")";
        return new InspectionTeam(a.department(), chosen, shortfall);
    }

    /** Adds to {@code chosen}, up to two, the fit candidates not already in it with the lowest rank. */
    private static void pick(List<Inspector> candidates, Assignment a, long key, List<String> chosen) {
        String first = null;
        String second = null;
        double u1 = Double.MAX_VALUE;
        double u2 = Double.MAX_VALUE;
        for (Inspector i : candidates) {
            if (chosen.contains(i.getInspectorId()) || unfitness(i, a) != null) {
                continue;
            }
            double u = SamplingDraw.uniform(key, i.getInspectorId());
            if (u < u1) {
                second = first;
                u2 = u1;
                first = i.getInspectorId();
                u1 = u;
            } else if (u < u2) {
                second = i.getInspectorId();
                u2 = u;
            }
        }
        for (String id : new String[] {first, second}) {
            if (id != null && chosen.size() < 2) {
                chosen.add(id);
            }
        }
    }
}
