package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/**
 * The enterprise's side of inspections: a result naming a drawn task is handed to the task follow-up with the
 * visit's plans, deadline and unit; the facts an overdue trigger carries follow the profile while a visit is in its
 * period; a deregistration tells the follow-up; an earlier release's open tasks are handed over once.
 */
class InspectionsTest extends OneEnterprise {

    final String code = code(41);

    private InspectionTask drawn() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P").setEventTime(at(10)).setPeriodStart(at(10))
                .setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(1).setTaskDeadline(at(40)).build();
        return Supervisors.drawn(SUPERVISOR, state, plan);
    }

    @Test
    void aResultNamingADrawnTaskGoesToTheFollowUpOnceWithItsVisit() {
        InspectionTask task = drawn();
        restore();
        EnforcementEvent result = Fixtures.event(code, "R1", at(20), EventKind.INSPECTION_RESULT,
                new InspectionOutcome("FOOD_SAFETY", InspectionResult.PROBLEM_CORRECTED, task.getTaskId()));
        Outcome closed = apply(result);
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
        assertThat(apply(Fixtures.event(code, "R0", at(30), EventKind.INSPECTION_RESULT,
                new InspectionOutcome("FOOD_SAFETY", InspectionResult.OK, null))).results())
                .as("an inspection of no drawn task").isEmpty();
    }

    @Test
    void whileAVisitIsInItsPeriodAClassChangeTellsTheFollowUpAndADeregistrationToo() {
        drawn();
        restore();
        Outcome penalised = apply(Fixtures.event(code, "S1", at(13), EventKind.SERIOUS_LIST_ADDED,
                new org.creditgrid.schema.SeriousListing(org.creditgrid.schema.SeriousBasis.HEAVIER_PENALTY)));
        assertThat(penalised.followUps()).singleElement().satisfies(f -> {
            assertThat(f.getCreditCode()).isEqualTo(code);
            assertThat(f.getFacts().getRiskClass()).isEqualTo(penalised.profile().getRiskClass());
            assertThat(f.getFacts().getPool()).isEqualTo(penalised.profile().getPool());
            assertThat(f.getFacts().getUnitId()).isEqualTo("440106022");
        });
        var gone = Fixtures.registration(code, at(14), Fixtures.TIANHE);
        gone.setEventId(code + "-R9");
        gone.setChange(org.creditgrid.schema.RegistrationChange.DEREGISTERED);
        assertThat(register(gone).followUps()).extracting(f -> f.getDeregistered()).contains(true);
    }

    @Test
    void anEarlierReleasesOpenTasksAndTasksNotYetReadBackAreHandedOverOnce() {
        InspectionTask notReadBack = drawn(); // drawn just before the savepoint: in the visits, never read back
        state.getOpenTasks().add(new org.creditgrid.internal.OpenTask("Q:" + code, at(30).toEpochMilli(), "SAMR"));
        state.setTasksHandedOver(false); // as restored from a 07f9757 savepoint
        restore();
        var handed = Inspections.handOver(state);
        assertThat(handed.getHandedOver()).extracting(t -> t.getTaskId() + " " + t.getDeadline() + " "
                + t.getDepartment()).containsExactly("Q:" + code + " " + at(30).toEpochMilli() + " SAMR",
                notReadBack.getTaskId() + " " + at(40).toEpochMilli() + " SAMR-FOOD");
        assertThat(handed.getFacts().getUnitId()).isEqualTo("440106022");
        assertThat(state.getOpenTasks()).isEmpty();
        assertThat(Inspections.handOver(state)).as("once").isNull();
        assertThat(Inspections.handOver(EnterpriseSupervisor.emptyState())).as("a state of this release").isNull();
    }

    @Test
    void anEarlierReleasesDeregisteredEnterpriseHandsNothingOver() {
        drawn();
        state.getOpenTasks().add(new org.creditgrid.internal.OpenTask("Q:" + code, at(30).toEpochMilli(), "SAMR"));
        var gone = Fixtures.registration(code, at(14), Fixtures.TIANHE);
        gone.setEventId(code + "-R9");
        gone.setChange(org.creditgrid.schema.RegistrationChange.DEREGISTERED);
        register(gone);
        state.setTasksHandedOver(false);
        assertThat(Inspections.handOver(state)).as("nobody is overdue at a closed business").isNull();
        assertThat(state.getOpenTasks()).isEmpty();
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
