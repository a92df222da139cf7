package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.TriggerReason;
import org.junit.jupiter.api.Test;

/** A drawn task has a deadline: a result naming it closes it; still open at its deadline, it raises a trigger. */
class TaskDeadlineTest extends OneEnterprise {

    final String code = code(41);

    private InspectionTask drawnAndReadBack() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P").setEventTime(at(10)).setPeriodStart(at(10))
                .setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(1).setTaskDeadline(at(40)).build();
        InspectionTask task = Supervisors.drawn(SUPERVISOR, state, plan);
        Outcome back = SUPERVISOR.apply(state, EnterpriseInput.newBuilder().setTask(task).build());
        assertThat(back.wakeUp()).isEqualTo(at(40).toEpochMilli());
        return task;
    }

    @Test
    void aTaskStillOpenAtItsDeadlineRaisesOneOverdueTrigger() {
        InspectionTask task = drawnAndReadBack();
        restore();
        Outcome due = SUPERVISOR.onTime(state, at(40).toEpochMilli());
        assertThat(due.triggers()).singleElement().satisfies(t -> {
            assertThat(t.getReason()).isEqualTo(TriggerReason.TASK_OVERDUE);
            assertThat(t.getSourceEventId()).isEqualTo(task.getTaskId());
            assertThat(t.getDepartment()).isEqualTo("SAMR-FOOD");
            assertThat(t.getUnitId()).isEqualTo("440106022");
        });
        assertThat(SUPERVISOR.onTime(state, at(41).toEpochMilli()).triggers()).isEmpty();
    }

    @Test
    void aResultNamingTheTaskClosesIt() {
        InspectionTask task = drawnAndReadBack();
        restore();
        EnforcementEvent result = Fixtures.event(code, "R1", at(20), EventKind.INSPECTION_RESULT,
                new InspectionOutcome("FOOD_SAFETY", InspectionResult.PROBLEM_CORRECTED, task.getTaskId()));
        Outcome closed = apply(result);
        assertThat(state.getOpenTasks()).isEmpty();
        assertThat(SUPERVISOR.onTime(state, at(40).toEpochMilli()).triggers()).isEmpty();
        // read back again (a redelivery): the result already closed it
        SUPERVISOR.apply(state, EnterpriseInput.newBuilder().setTask(task).build());
        assertThat(state.getOpenTasks()).isEmpty();

        // "One public": the result is published once, with the task's plans and deadline
        assertThat(closed.results()).singleElement().satisfies(r -> {
            assertThat(r.getTaskId()).isEqualTo(task.getTaskId());
            assertThat(r.getPlanIds()).containsExactly("P");
            assertThat(r.getCreditCode()).isEqualTo(code);
            assertThat(r.getDepartment()).isEqualTo("SAMR");
            assertThat(r.getInspectionType()).isEqualTo("FOOD_SAFETY");
            assertThat(r.getOutcome()).isEqualTo(InspectionResult.PROBLEM_CORRECTED);
            assertThat(r.getInspectedAt()).isEqualTo(at(20));
            assertThat(r.getDeadline()).isEqualTo(at(40));
            assertThat(r.getLate()).isFalse();
            assertThat(r.getUnitId()).isEqualTo("440106022");
        });
        restore();
        assertThat(apply(result).results()).as("a redelivered result").isEmpty();
    }

    @Test
    void aResultAfterTheDeadlineIsPublishedAsLateAndOneWithoutATaskIsNot() {
        InspectionTask task = drawnAndReadBack();
        restore();
        assertThat(apply(Fixtures.event(code, "R0", at(30), EventKind.INSPECTION_RESULT,
                new InspectionOutcome("FOOD_SAFETY", InspectionResult.OK, null))).results())
                .as("an inspection of no drawn task").isEmpty();
        assertThat(apply(Fixtures.event(code, "R1", at(45), EventKind.INSPECTION_RESULT,
                new InspectionOutcome("FOOD_SAFETY", InspectionResult.VIOLATION_CASE, task.getTaskId()))).results())
                .singleElement().satisfies(r -> {
                    assertThat(r.getLate()).isTrue();
                    assertThat(r.getDeadline()).isEqualTo(at(40));
                });
    }

    @Test
    void registrationChangesAndInspectionsAgeOutOfARestoredState() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        for (int i = 1; i <= 2; i++) {
            var moved = Fixtures.registration(code, at(i), Fixtures.TIANHE);
            moved.setEventId(code + "-R" + i);
            moved.setChange(org.creditgrid.schema.RegistrationChange.CHANGED);
            moved.getChangedFields().add(org.creditgrid.schema.ChangedField.ADDRESS);
            moved.setAddress("广州市天河区天河路" + i + "号");
            register(moved);
        }
        apply(Fixtures.event(code, "I1", at(3), EventKind.INSPECTION_RESULT,
                new InspectionOutcome("FOOD_SAFETY", InspectionResult.OK, null)));
        assertThat(state.getRegistrationChanges()).hasSize(2);
        restore();
        apply(Fixtures.event(code, "I2", at(800), EventKind.INSPECTION_RESULT,
                new InspectionOutcome("FOOD_SAFETY", InspectionResult.OK, null)));
        assertThat(state.getRegistrationChanges()).isEmpty();
        assertThat(state.getInspections()).extracting(i -> i.getSource()).containsExactly("I2");
    }
}
