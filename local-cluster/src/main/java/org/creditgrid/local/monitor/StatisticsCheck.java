package org.creditgrid.local.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.creditgrid.local.Summary;
import org.creditgrid.schema.UnitStatistics;

/**
 * The demo's last word on the monitor: the city's {@code unit-stats} record, as the monitor holds it, against the
 * summary read from the other topics — enterprises per class (those not deregistered), visits drawn, manual-claim
 * cases open. Two independent readings of the same committed outputs.
 */
public final class StatisticsCheck {

    private StatisticsCheck() {}

    /** The figures that differ, as "what: unit-stats X, summary Y"; empty when they agree. */
    public static List<String> differences(UnitStatistics city, Summary summary) {
        List<String> out = new ArrayList<>();
        if (city == null) {
            out.add("no city record on unit-stats");
            return out;
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
    public static String line(UnitStatistics city, Summary summary) {
        List<String> d = differences(city, summary);
        if (!d.isEmpty()) {
            return "DIFFERS from the summary: " + String.join("; ", d);
        }
        return String.format(Locale.ROOT, "agrees with the summary: A %,d  B %,d  C %,d  D %,d; %,d tasks drawn, %,d done,"
                + " %,d overdue; %,d open claim cases", city.getByClass().getA(), city.getByClass().getB(),
                city.getByClass().getC(), city.getByClass().getD(), city.getTasks().getDrawn(),
                city.getTasks().getDone(), city.getTasks().getOverdue(), city.getOpenClaimCases());
    }

    private static void compare(List<String> out, String what, long stats, Long summary) {
        long s = summary == null ? 0 : summary;
        if (stats != s) {
            out.add(String.format(Locale.ROOT, "%s: unit-stats %,d, summary %,d", what, stats, s));
        }
    }
}
