package org.creditgrid.local.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.creditgrid.local.Summary;
import org.creditgrid.schema.UnitStatistics;

/**
 * The demo's last word on the unit statistics: the latest {@code unit-stats} records (as read from the topic, or as
 * the monitor holds them) against the summary read from the other topics — for the city, enterprises per class (those
 * not deregistered), visits drawn and manual-claim cases open; for every unit and district, its enterprises against
 * the profiles rebuilt per unit and district. Two independent readings of the same committed outputs.
 */
public final class StatisticsCheck {

    private StatisticsCheck() {}

    /**
     * The figures that differ, as "what: unit-stats X, summary Y"; empty when they agree.
     *
     * @param stats the latest record per key (unit id, district code, {@code city})
     */
    public static List<String> differences(Map<String, UnitStatistics> stats, Summary summary) {
        List<String> out = new ArrayList<>();
        UnitStatistics city = stats.get("city");
        if (city == null) {
            out.add("no city record on unit-stats");
            return out;
        }
        int places = 0;
        for (UnitStatistics u : stats.values()) {
            if (u.getLevel() != org.creditgrid.schema.StatisticsLevel.CITY) {
                places++;
                compare(out, u.getId() + " enterprises", u.getEnterprises(),
                        summary.enterprisesByPlace().getOrDefault(u.getId(), 0L));
            }
        }
        for (String place : summary.enterprisesByPlace().keySet()) {
            if (!stats.containsKey(place)) {
                out.add("no unit-stats record for " + place);
            }
        }
        Map<String, Long> classes = summary.activeClasses();
        compare(out, "class A", city.getByClass().getA(), classes.get("A"));
        compare(out, "class B", city.getByClass().getB(), classes.get("B"));
        compare(out, "class C", city.getByClass().getC(), classes.get("C"));
        compare(out, "class D", city.getByClass().getD(), classes.get("D"));
        compare(out, "tasks drawn", city.getTasks().getDrawn(), summary.tasks());
        compare(out, "open claim cases", city.getOpenClaimCases(), summary.openCases());
        return out;
    }

    /** One line for the demo's output. */
    public static String line(Map<String, UnitStatistics> stats, Summary summary) {
        List<String> d = differences(stats, summary);
        if (!d.isEmpty()) {
            return "DIFFERS from the summary: " + String.join("; ", d.subList(0, Math.min(10, d.size())))
                    + (d.size() > 10 ? "; … " + (d.size() - 10) + " more" : "");
        }
        UnitStatistics city = stats.get("city");
        return String.format(Locale.ROOT, "agrees with the summary: A %,d  B %,d  C %,d  D %,d; %,d tasks drawn, %,d done,"
                + " %,d overdue; %,d open claim cases; %,d units and districts each as many enterprises as their"
                + " profiles", city.getByClass().getA(), city.getByClass().getB(), city.getByClass().getC(),
                city.getByClass().getD(), city.getTasks().getDrawn(), city.getTasks().getDone(),
                city.getTasks().getOverdue(), city.getOpenClaimCases(), stats.size() - 1);
    }

    private static void compare(List<String> out, String what, long stats, Long summary) {
        long s = summary == null ? 0 : summary;
        if (stats != s) {
            out.add(String.format(Locale.ROOT, "%s: unit-stats %,d, summary %,d", what, stats, s));
        }
    }

    /** Until {@code view} — the monitor's own reading, as a consumer — agrees with {@code summary}; false on timeout. */
    public static boolean await(CityView view, Summary summary, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!differences(view.all(), summary).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(250);
        }
        return true;
    }

    /** The latest committed record of every key of {@code topic} ({@code unit-stats}), read as any consumer would. */
    public static Map<String, UnitStatistics> read(java.util.Properties kafka, String topic) {
        org.creditgrid.io.AvroCodec<UnitStatistics> codec = org.creditgrid.io.AvroCodec.of(UnitStatistics.class);
        Map<String, UnitStatistics> latest = new java.util.HashMap<>();
        org.creditgrid.local.CommittedReader.readAll(kafka, topic, r -> {
            UnitStatistics u = Summary.decode(codec, r.value());
            if (CityView.newer(u, latest.get(u.getId()))) {
                latest.put(u.getId(), u);
            }
        });
        return latest;
    }
}
