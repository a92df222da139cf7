package org.creditgrid.statistics;

import java.util.ArrayList;
import java.util.List;
import org.creditgrid.internal.CountedAs;
import org.creditgrid.internal.ProfileMove;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.StatisticsLevel;
import org.creditgrid.schema.TriggerReason;

/**
 * What each output of the job adds to the unit statistics: one {@link StatisticsDelta} per figure it changes and per
 * place it counts in — its unit (if it has one), its district (if known) and the city. Plain Java; the pipeline maps
 * each output stream through the method of its type.
 */
public final class StatisticsDeltas {

    /** The key and {@code id} of the city's record. */
    public static final String CITY = "city";

    private StatisticsDeltas() {}

    /** A profile that moved: -1 where the enterprise counted, +1 where it counts now, its class change there. */
    public static List<StatisticsDelta> of(ProfileMove m) {
        List<StatisticsDelta> out = new ArrayList<>(6);
        if (m.getFrom() != null) {
            counted(m.getFrom(), -1, 0, m.getEventTime(), out);
        }
        if (m.getTo() != null) {
            counted(m.getTo(), 1, m.getClassChange(), m.getEventTime(), out);
        }
        return out;
    }

    /** Every trigger counts for the last day; a {@code TASK_OVERDUE} one is also an overdue visit of its year. */
    public static List<StatisticsDelta> of(InspectionTrigger t) {
        List<StatisticsDelta> out = places(t.getUnitId(), null, t.getDistrictCode(), null,
                t.getEventTime().toEpochMilli());
        boolean overdue = t.getReason() == TriggerReason.TASK_OVERDUE;
        for (StatisticsDelta d : out) {
            d.setTriggers(1);
            d.setOverdue(overdue ? 1 : 0);
        }
        return out;
    }

    /** A visit drawn (its first revision; later revisions of a joint visit are the same visit). */
    public static List<StatisticsDelta> of(InspectionTask t) {
        if (t.getRevision() != 1) {
            return List.of();
        }
        List<StatisticsDelta> out = places(t.getUnitId(), null, t.getDistrictCode(), null,
                t.getDrawTime().toEpochMilli());
        out.forEach(d -> d.setDrawn(1));
        return out;
    }

    /** The result of a drawn visit; a plan's draw publication adds nothing. */
    public static List<StatisticsDelta> of(InspectionPublication p) {
        ResultPublication r = p.getInspection();
        if (r == null) {
            return List.of();
        }
        List<StatisticsDelta> out = places(r.getUnitId(), null, r.getDistrictCode(), null,
                r.getInspectedAt().toEpochMilli());
        out.forEach(d -> d.setDone(1));
        return out;
    }

    /**
     * A manual-claim case that moved between "open in district {@code from}" and "open in district {@code to}"
     * ({@link ClaimCaseCount} decides both): -1 in the district it counted in and the city, +1 where it counts now.
     * A district is a six-digit code, "" for a case that asks no district (the city only), null for not open.
     */
    public static List<StatisticsDelta> caseMoved(String from, String to, long time) {
        List<StatisticsDelta> out = new ArrayList<>(4);
        if (from != null) {
            for (StatisticsDelta d : places(null, null, from.isEmpty() ? null : from, null, time)) {
                d.setClaimCases(-1);
                out.add(d);
            }
        }
        if (to != null) {
            for (StatisticsDelta d : places(null, null, to.isEmpty() ? null : to, null, time)) {
                d.setClaimCases(1);
                out.add(d);
            }
        }
        return out;
    }

    private static void counted(CountedAs c, int sign, int classChange, long time, List<StatisticsDelta> out) {
        for (StatisticsDelta d : places(c.getUnitId(), c.getUnitName(), c.getDistrictCode(), c.getDistrictName(),
                time)) {
            d.setRiskClass(c.getRiskClass());
            d.setPool(c.getPool());
            d.setEnterprises(sign);
            d.setUnclaimed(d.getLevel() == StatisticsLevel.CITY && c.getUnitId() == null ? sign : 0);
            d.setRaised(classChange > 0 ? 1 : 0);
            d.setLowered(classChange < 0 ? 1 : 0);
            out.add(d);
        }
    }

    /** An empty delta for each place: the unit (if any), its district (if known), the city. */
    static List<StatisticsDelta> places(String unitId, String unitName, String districtCode, String districtName,
                                        long time) {
        List<StatisticsDelta> out = new ArrayList<>(3);
        if (unitId != null) {
            out.add(delta(StatisticsLevel.UNIT, unitId, unitName, districtCode, time));
        }
        if (districtCode != null) {
            out.add(delta(StatisticsLevel.DISTRICT, districtCode, districtName, districtCode, time));
        }
        out.add(delta(StatisticsLevel.CITY, CITY, null, null, time));
        return out;
    }

    /** By the constructor: Avro's builder deep-copies the default of every field not set, per delta. */
    private static StatisticsDelta delta(StatisticsLevel level, String id, String name, String district, long time) {
        return new StatisticsDelta(level, id, name, district, time, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
