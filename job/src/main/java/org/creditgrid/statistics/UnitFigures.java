package org.creditgrid.statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.creditgrid.calendar.Window;
import org.creditgrid.internal.HourCounts;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.internal.UnitStatisticsState;
import org.creditgrid.schema.ClassCounts;
import org.creditgrid.schema.PoolCounts;
import org.creditgrid.schema.TaskProgress;
import org.creditgrid.schema.UnitStatistics;

/**
 * The figures of one unit, district or the city ({@link UnitStatistics}), kept in a {@link UnitStatisticsState}:
 * deltas are added as they come, and a record is made for publication when something a consumer sees changed.
 * Plain Java.
 *
 * <p>The last-day figures are counted in whole hours of event time: the hour of {@code asOf} and the 23 before.
 * Task progress is per calendar year, China time (Asia/Shanghai): a delta of a later year starts the year afresh, one
 * of an earlier year is not counted.
 */
public final class UnitFigures {

    static final long HOUR_MS = 3_600_000L;
    /** The hour of asOf and the 23 before it. */
    static final int DAY_HOURS = 24;

    private UnitFigures() {}

    /** A new state for the key of {@code first}, every figure zero, nothing published. */
    public static UnitStatisticsState empty(StatisticsDelta first) {
        UnitStatistics f = UnitStatistics.newBuilder()
                .setLevel(first.getLevel())
                .setId(first.getId())
                .setName(first.getName())
                .setDistrictCode(first.getDistrictCode())
                .setEnterprises(0)
                .setByClass(new ClassCounts(0L, 0L, 0L, 0L))
                .setByPool(new PoolCounts(0L, 0L, 0L))
                .setCdShare(0)
                .setUnclaimed(0)
                .setOpenClaimCases(0)
                .setTriggersLastDay(0)
                .setRaisedLastDay(0)
                .setLoweredLastDay(0)
                .setTasks(new TaskProgress(0, 0L, 0L, 0L))
                .setAsOf(Instant.EPOCH)
                .setVersion(0)
                .setUpdatedAt(Instant.EPOCH)
                .build();
        return UnitStatisticsState.newBuilder().setFigures(f).setHours(new ArrayList<>()).setLatest(0)
                .setLast(null).setTimer(0).build();
    }

    /** Adds {@code d} to the figures of {@code s} (same key). */
    public static void apply(UnitStatisticsState s, StatisticsDelta d) {
        UnitStatistics f = s.getFigures();
        // The latest named source wins: a new grid may rename a unit or move it to another district.
        if (d.getName() != null) {
            f.setName(d.getName());
        }
        if (d.getDistrictCode() != null) {
            f.setDistrictCode(d.getDistrictCode());
        }
        if (d.getEnterprises() != 0) {
            f.setEnterprises(f.getEnterprises() + d.getEnterprises());
            addClass(f.getByClass(), d);
            addPool(f.getByPool(), d);
        }
        f.setUnclaimed(f.getUnclaimed() + d.getUnclaimed());
        f.setOpenClaimCases(f.getOpenClaimCases() + d.getClaimCases());
        if (d.getTriggers() != 0 || d.getRaised() != 0 || d.getLowered() != 0) {
            HourCounts h = hour(s, d.getEventTime() / HOUR_MS);
            h.setTriggers(h.getTriggers() + d.getTriggers());
            h.setRaised(h.getRaised() + d.getRaised());
            h.setLowered(h.getLowered() + d.getLowered());
        }
        if (d.getDrawn() != 0 || d.getDone() != 0 || d.getOverdue() != 0) {
            TaskProgress t = f.getTasks();
            int year = Instant.ofEpochMilli(d.getEventTime()).atZone(Window.CHINA).getYear();
            if (year > t.getYear()) {
                t.setYear(year);
                t.setDrawn(0L);
                t.setDone(0L);
                t.setOverdue(0L);
            }
            if (year == t.getYear()) {
                t.setDrawn(t.getDrawn() + d.getDrawn());
                t.setDone(t.getDone() + d.getDone());
                t.setOverdue(t.getOverdue() + d.getOverdue());
            }
        }
        s.setLatest(Math.max(s.getLatest(), d.getEventTime()));
    }

    /**
     * The record to publish at processing time {@code nowMs} with the job's watermark {@code watermark} (epoch ms, or
     * {@link Long#MIN_VALUE} before the first), or null when its figures equal the last record's (apart from
     * {@code asOf}, version and time). The state remembers what was published.
     */
    public static UnitStatistics publish(UnitStatisticsState s, long watermark, long nowMs) {
        UnitStatistics last = s.getLast();
        // Never back: after a restore the watermark starts again from nothing.
        long asOf = Math.max(Math.max(watermark, s.getLatest()), last == null ? Long.MIN_VALUE
                : last.getAsOf().toEpochMilli());
        long asOfHour = Math.floorDiv(asOf, HOUR_MS);
        long triggers = 0;
        long raised = 0;
        long lowered = 0;
        // Hours out of the window leave for good (asOf never goes back); a new list, as the one read from state
        // (Avro's array) cannot remove through its iterator.
        List<HourCounts> kept = new ArrayList<>(s.getHours().size());
        for (HourCounts h : s.getHours()) {
            if (h.getHour() > asOfHour - DAY_HOURS) {
                kept.add(h);
                triggers += h.getTriggers();
                raised += h.getRaised();
                lowered += h.getLowered();
            }
        }
        s.setHours(kept);
        UnitStatistics f = s.getFigures();
        ClassCounts c = f.getByClass();
        f.setTriggersLastDay(triggers);
        f.setRaisedLastDay(raised);
        f.setLoweredLastDay(lowered);
        f.setCdShare(f.getEnterprises() <= 0 ? 0 : (double) (c.getC() + c.getD()) / f.getEnterprises());
        if (last != null) {
            f.setAsOf(last.getAsOf());
            f.setVersion(last.getVersion());
            f.setUpdatedAt(last.getUpdatedAt());
            if (f.equals(last)) {
                return null;
            }
        }
        f.setAsOf(Instant.ofEpochMilli(Math.max(asOf, 0)));
        f.setVersion(last == null ? 1 : last.getVersion() + 1);
        f.setUpdatedAt(Instant.ofEpochMilli(nowMs));
        UnitStatistics published = UnitStatistics.newBuilder(f).build(); // nothing changes it after: kept and sent
        s.setLast(published);
        return published;
    }

    /** Whether the last-day figures can still change without a new delta (something is counted in the window). */
    public static boolean decaying(UnitStatisticsState s) {
        return !s.getHours().isEmpty();
    }

    private static HourCounts hour(UnitStatisticsState s, long hour) {
        for (HourCounts h : s.getHours()) {
            if (h.getHour() == hour) {
                return h;
            }
        }
        HourCounts h = new HourCounts(hour, 0, 0, 0);
        s.getHours().add(h);
        return h;
    }

    private static void addClass(ClassCounts c, StatisticsDelta d) {
        long n = d.getEnterprises();
        switch (d.getRiskClass()) {
            case A -> c.setA(c.getA() + n);
            case B -> c.setB(c.getB() + n);
            case C -> c.setC(c.getC() + n);
            case D -> c.setD(c.getD() + n);
        }
    }

    private static void addPool(PoolCounts p, StatisticsDelta d) {
        long n = d.getEnterprises();
        switch (d.getPool()) {
            case PRUDENT -> p.setPrudent(p.getPrudent() + n);
            case INCLUSIVE -> p.setInclusive(p.getInclusive() + n);
            case GENERAL -> p.setGeneral(p.getGeneral() + n);
        }
    }
}
