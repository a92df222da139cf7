package org.creditgrid.local;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;

/** The joint "double random" plan the demo submits after the stream: three departments' checks, one visit each. */
public final class DefaultPlans {

    private DefaultPlans() {}

    /** Issued on 20 December of {@code year}, for the period to the end of February; Yuexiu 2021 ratios. */
    public static SamplingPlan yearEndPlan(int year, long seed) {
        Instant issued = LocalDate.of(year, 12, 20).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
        return SamplingPlan.newBuilder()
                .setPlanId("GZ-" + year + "-Q4-JOINT")
                .setEventTime(issued)
                .setPeriodStart(issued)
                .setPeriodEnd(issued.plusSeconds(70L * 86_400))
                .setItems(List.of(
                        new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null),
                        new PlanItem("SAMR", "LICENCE_COMPLIANCE", null),
                        new PlanItem("SAMR", "PRODUCT_QUALITY", null)))
                .setTargetSubLibraries(List.of())
                .setRatios(new ClassRatios(0.05, 0.15, 0.30, 0.50))
                .setSeed(seed)
                .setTaskDeadline(issued.plusSeconds(60L * 86_400))
                .setInspectorsFromOtherUnit(false)
                .build();
    }
}
