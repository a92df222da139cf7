package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

class SamplingDrawTest {

    @Test
    void theDrawIsAPureFunctionOfSeedAndCode() {
        String code = Fixtures.code(42);
        assertThat(SamplingDraw.uniform(7, code)).isEqualTo(SamplingDraw.uniform(7, code));
        assertThat(SamplingDraw.uniform(7, code)).isNotEqualTo(SamplingDraw.uniform(8, code));
        // Pinned to an independent implementation of the documented formula (Python, 64-bit arithmetic), so a
        // change of formula, which would break the audit of past draws, fails here.
        assertThat(SamplingDraw.uniform(20230421L, "91440106MA00000012")).isEqualTo(0.024081592497146476);
    }

    @Test
    void theDrawIsUniformEnoughThatRealisedRatiosMatchThePlan() {
        int n = 100_000;
        int[] buckets = new int[10];
        int below5 = 0;
        for (int i = 0; i < n; i++) {
            double u = SamplingDraw.uniform(99, Fixtures.code(i));
            assertThat(u).isBetween(0.0, 1.0);
            buckets[(int) (u * 10)]++;
            if (u < 0.05) {
                below5++;
            }
        }
        for (int b : buckets) {
            assertThat(b).isBetween(9_600, 10_400); // 10,000 expected, sd 95
        }
        assertThat(below5 / (double) n).isCloseTo(0.05, within(0.003));
    }

    @Test
    void inclusiveEnterprisesInClassesAAndBAreNotEligible() {
        SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("p").setEventTime(Fixtures.T0)
                .setPeriodStart(Fixtures.T0).setPeriodEnd(Fixtures.at(30)).setItems(List.of())
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(1).setTaskDeadline(Fixtures.at(30)).build();
        assertThat(SamplingDraw.ineligibility(plan, RiskClass.B, Pool.INCLUSIVE, List.of())).contains("triggers only");
        assertThat(SamplingDraw.ineligibility(plan, RiskClass.C, Pool.INCLUSIVE, List.of())).isNull();
        assertThat(SamplingDraw.ineligibility(plan, RiskClass.A, Pool.GENERAL, List.of())).isNull();
        plan.setTargetSubLibraries(List.of("SL-1"));
        assertThat(SamplingDraw.ineligibility(plan, RiskClass.A, Pool.GENERAL, List.of("SL-2"))).isNotNull();
        assertThat(SamplingDraw.ineligibility(plan, RiskClass.A, Pool.GENERAL, List.of("SL-1"))).isNull();
    }
}
