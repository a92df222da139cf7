package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.time.Instant;
import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/** "One extraction, one dispatch": every plan of one period that draws an enterprise adds to one joint visit. */
class JointVisitTest extends OneEnterprise {

    final String code = code(41);

    /** A plan of the period starting {@code periodStart}, issued {@code issued}, drawing everyone. */
    private static SamplingPlan plan(String id, Instant issued, Instant periodStart, long deadlineDays,
                                     PlanItem... items) {
        return SamplingPlan.newBuilder().setPlanId(id).setEventTime(issued).setPeriodStart(periodStart)
                .setPeriodEnd(periodStart.plusSeconds(90 * 86_400L)).setItems(List.of(items))
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(id.hashCode())
                .setTaskDeadline(issued.plusSeconds(deadlineDays * 86_400L)).build();
    }

    @Test
    void aSecondPlanOfThePeriodRevisesTheVisitInsteadOfAddingOne() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        PlanItem quality = new PlanItem("SAMR", "PRODUCT_QUALITY", null);
        PlanItem fire = new PlanItem("FIRE", "FIRE_SAFETY", null);
        InspectionTask first = Supervisors.drawn(SUPERVISOR, state, plan("MARKET-Q3", at(10), at(10), 60, quality));
        restore();
        InspectionTask second = Supervisors.drawn(SUPERVISOR, state, plan("FIRE-Q3", at(12), at(10), 30, fire));

        assertThat(first.getRevision()).isEqualTo(1);
        assertThat(first.getPlans()).containsExactly("MARKET-Q3");
        assertThat(second.getTaskId()).as("the same visit").isEqualTo(first.getTaskId());
        assertThat(second.getRevision()).isEqualTo(2);
        assertThat(second.getPlans()).containsExactly("MARKET-Q3", "FIRE-Q3");
        assertThat(second.getItems()).containsExactly(quality, fire);
        assertThat(second.getDeadline()).as("the earlier deadline").isEqualTo(at(42));
        assertThat(second.getSeed()).as("the first plan's draw").isEqualTo(first.getSeed());
        assertThat(second.getTeams()).extracting(t -> t.getDepartment()).containsExactly("SAMR", "FIRE");
        assertThat(state.getVisits()).singleElement().isEqualTo(second);
    }

    @Test
    void aCheckAlreadyInTheVisitIsNotAddedTwiceAndAnotherPeriodIsAnotherVisit() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        PlanItem quality = new PlanItem("SAMR", "PRODUCT_QUALITY", null);
        InspectionTask first = Supervisors.drawn(SUPERVISOR, state, plan("A", at(10), at(10), 60, quality));
        restore();
        assertThat(Supervisors.drawn(SUPERVISOR, state, plan("B", at(11), at(10), 60, quality)))
                .as("the same check in the same period: nothing to add").isNull();
        restore();
        InspectionTask next = Supervisors.drawn(SUPERVISOR, state, plan("C", at(120), at(120), 60,
                new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)));
        assertThat(next.getTaskId()).isNotEqualTo(first.getTaskId());
        assertThat(next.getRevision()).isEqualTo(1);
        assertThat(state.getVisits()).as("the first period is over: its visit is forgotten").singleElement()
                .isEqualTo(next);
    }
}
