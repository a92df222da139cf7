package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.time.Instant;
import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/** Smart exclusion: no second inspection of a type by the same department within 365 days, except the prudent pool. */
class SmartExclusionTest extends OneEnterprise {

    static final EnterpriseSupervisor supervisor = SUPERVISOR;
    final String code = code(31);


    /** Every class drawn: only the exclusion can leave an enterprise out. */
    private static SamplingPlan plan(String id, Instant issued) {
        return SamplingPlan.newBuilder().setPlanId(id).setEventTime(issued).setPeriodStart(issued)
                .setPeriodEnd(issued.plusSeconds(30 * 86_400L))
                .setItems(List.of(new PlanItem("SAMR", "PRODUCT_QUALITY", null),
                        new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(7)
                .setTaskDeadline(issued.plusSeconds(30 * 86_400L)).build();
    }

    @Test
    void aDrawExcludesTheSameChecksForAYear() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        assertThat(Supervisors.drawn(supervisor, state, plan("P1", at(10))).getItems()).hasSize(2);
        assertThat(Supervisors.drawn(supervisor, state, plan("P2", at(190)))).as("six months later").isNull();
        InspectionTask again = Supervisors.drawn(supervisor, state, plan("P3", at(380)));
        assertThat(again).as("after 365 days").isNotNull();
        assertThat(again.getItems()).hasSize(2);
    }

    @Test
    void anInspectionResultExcludesItsDepartmentsCheckOnly() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        supervisor.apply(state, EnterpriseInput.newBuilder().setEvent(Fixtures.event(code, "I1", at(5),
                EventKind.INSPECTION_RESULT, new InspectionOutcome("PRODUCT_QUALITY", InspectionResult.OK, null)))
                .build());
        assertThat(Supervisors.drawn(supervisor, state, plan("P1", at(10))).getItems())
                .extracting(PlanItem::getInspectionType).containsExactly("FOOD_SAFETY");
    }

    @Test
    void thePrudentPoolIsExempt() {
        register(Fixtures.restaurant(code, T0));
        assertThat(state.getPublished().getPool()).isEqualTo(Pool.PRUDENT);
        Supervisors.drawn(supervisor, state, plan("P1", at(10)));
        assertThat(Supervisors.drawn(supervisor, state, plan("P2", at(190)))).isNotNull();
    }

    @Test
    void aPlanIssuedBeforeAnInspectionIsNotAffectedByIt() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        Supervisors.drawn(supervisor, state, plan("LATER", at(200)));
        assertThat(Supervisors.drawn(supervisor, state, plan("EARLIER", at(100)))).as("evaluated at its own issue time")
                .isNotNull();
    }
}
