package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.DrawPublication;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/** Shares of a draw add up to the same publication however the enterprises are split. */
class DrawTallyTest {

    static final SamplingPlan PLAN = SamplingPlan.newBuilder().setPlanId("P").setEventTime(Instant.EPOCH)
            .setPeriodStart(Instant.EPOCH).setPeriodEnd(Instant.EPOCH.plusSeconds(1)).setItems(List.of())
            .setRatios(new ClassRatios(0.1, 0.2, 0.3, 0.4)).setSeed(3).setTaskDeadline(Instant.EPOCH).build();

    private static PlanDraw.Draw draw(int i) {
        RiskClass c = RiskClass.values()[i % 4];
        boolean drawn = i % 3 == 0;
        return i % 7 == 0 ? new PlanDraw.Draw(null, null, true)
                : new PlanDraw.Draw(drawn ? InspectionTask.newBuilder().setTaskId("t").setPlanId("p")
                        .setCreditCode("c").setItems(java.util.List.of()).setRiskClass(c)
                        .setPool(org.creditgrid.schema.Pool.GENERAL).setDrawTime(java.time.Instant.EPOCH)
                        .setDeadline(java.time.Instant.EPOCH).setSeed(0).setDraw(0).build() : null, c, false);
    }

    @Test
    void sharesAddUpToTheWholeInAnySplit() {
        DrawTally whole = new DrawTally();
        DrawTally even = new DrawTally();
        DrawTally odd = new DrawTally();
        for (int i = 0; i < 100; i++) {
            whole.add(draw(i), "C" + i);
            (i % 2 == 0 ? even : odd).add(draw(i), "C" + i);
        }
        DrawPublication a = whole.toRecord(PLAN, InspectorLibrary.EMPTY);
        DrawPublication b = DrawTally.merge(odd.toRecord(PLAN, InspectorLibrary.EMPTY),
                even.toRecord(PLAN, InspectorLibrary.EMPTY));
        assertThat(b.getEligible()).isEqualTo(a.getEligible());
        assertThat(b.getDrawn()).isEqualTo(a.getDrawn());
        assertThat(b.getExcluded()).isEqualTo(a.getExcluded()).isEqualTo(15);
        assertThat(b.getEligibleDigest()).isEqualTo(a.getEligibleDigest());
        assertThat(b.getDrawnDigest()).isEqualTo(a.getDrawnDigest()).isNotEqualTo(a.getEligibleDigest());
        assertThat(a.getEligible().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(85);
    }
}
