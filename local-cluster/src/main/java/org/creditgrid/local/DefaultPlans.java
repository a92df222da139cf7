package org.creditgrid.local;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;

/**
 * The joint "double random" plans the demo submits after the stream, six months apart: three departments' checks,
 * one visit per enterprise; the second shows the smart exclusion of the first.
 */
public final class DefaultPlans {

    private DefaultPlans() {}

    /** The plans of {@code year}: 20 June and 20 December. */
    public static List<SamplingPlan> of(int year, long seed) {
        return List.of(plan("GZ-" + year + "-H1-JOINT", LocalDate.of(year, 6, 20), seed, false),
                plan("GZ-" + year + "-H2-JOINT", LocalDate.of(year, 12, 20), seed + 1, true));
    }

    /**
     * Issued on {@code day}, for the following 70 days; Yuexiu 2021 ratios; the December plan sends inspectors from
     * other units than the enterprise's.
     */
    public static SamplingPlan plan(String id, LocalDate day, long seed, boolean inspectorsFromOtherUnit) {
        Instant issued = day.atStartOfDay(org.creditgrid.calendar.Window.CHINA).toInstant();
        return SamplingPlan.newBuilder()
                .setPlanId(id)
                .setEventTime(issued)
                .setPeriodStart(issued)
                .setPeriodEnd(issued.plusSeconds(70L * 86_400))
                .setItems(List.of(
                        new PlanItem("SAMR-FOOD", "FOOD_SAFETY", "FOOD_INSPECTOR"),
                        new PlanItem("SAMR", "LICENCE_COMPLIANCE", null),
                        new PlanItem("SAMR", "PRODUCT_QUALITY", "QUALITY_INSPECTOR")))
                .setTargetSubLibraries(List.of())
                .setRatios(new ClassRatios(0.05, 0.15, 0.30, 0.50))
                .setSeed(seed)
                .setTaskDeadline(issued.plusSeconds(60L * 86_400))
                .setInspectorsFromOtherUnit(inspectorsFromOtherUnit)
                .build();
    }
}
