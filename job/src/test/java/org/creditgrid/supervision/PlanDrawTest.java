package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/**
 * The plan draw over one enterprise ({@link PlanDraw}): its class ratio and a plan's target sub-libraries.
 */
class PlanDrawTest extends OneEnterprise {

    static final EnterpriseSupervisor supervisor = SUPERVISOR;
    static final ClaimModel claims = CLAIMS;
    final String code = code(7);

    @Test
    void aDrawTakesTheEnterpriseWhenItsNumberIsBelowItsClassRatio() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P1").setEventTime(at(10)).setPeriodStart(at(10))
                .setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR", "PRICE", null),
                        new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setRatios(new ClassRatios(1.0, 0.0, 0.0, 0.0)).setSeed(5).setTaskDeadline(at(40)).build();
        InspectionTask task = Supervisors.drawn(supervisor, state, plan);
        assertThat(task).isNotNull();
        assertThat(task.getTaskId()).isEqualTo("P1:" + code);
        assertThat(task.getItems()).hasSize(2); // one joint visit for both departments
        assertThat(task.getDraw()).isEqualTo(SamplingDraw.uniform(5, code));
        plan.setRatios(new ClassRatios(0.0, 1.0, 1.0, 1.0));
        assertThat(Supervisors.drawn(supervisor, state, plan)).isNull();
    }

    @Test
    void aPlanTargetingASubLibraryDrawsOnlyItsMembers() {
        EnterpriseRegistration restaurant = Fixtures.restaurant(code, T0);
        register(restaurant);
        // "division H62 enterprises, city-wide": catering
        String catering = state.getPublished().getSubLibraries().get(0);
        SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P-H62").setEventTime(at(10)).setPeriodStart(at(10))
                .setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setTargetSubLibraries(List.of(catering))
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(5).setTaskDeadline(at(40)).build();
        assertThat(state.getPublished().getSubLibraries()).hasSize(14);
        assertThat(Supervisors.drawn(supervisor, state, plan)).isNotNull();

        EnterpriseState restaurantState = state;
        state = EnterpriseSupervisor.emptyState();
        register(Fixtures.registration(code(8), T0, Fixtures.TIANHE)); // retail, F5261
        assertThat(state.getPublished().getSubLibraries()).doesNotContain(catering).isNotEmpty();
        assertThat(Supervisors.drawn(supervisor, state, plan)).isNull();
        assertThat(restaurantState.getPublished().getSubLibraries()).contains(catering);
    }
}
