package org.creditgrid.followup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.creditgrid.internal.FollowUp;
import org.creditgrid.internal.FollowUpTask;
import org.creditgrid.internal.TriggerFacts;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator harness of the task follow-up: a drawn task's deadline is a timer; still open then, one
 * {@code TASK_OVERDUE} trigger with the class, pool and unit last told; a result naming it closes it and is published
 * once with its deadline; a deregistration drops it.
 */
class InspectionFollowUpTest {

    static final String CODE = code(7);
    static final String TASK = "P1:" + CODE;

    KeyedOneInputStreamOperatorTestHarness<String, FollowUp, InspectionTrigger> h;

    @BeforeEach
    void open() throws Exception {
        h = harness();
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, FollowUp, InspectionTrigger> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new InspectionFollowUp()),
                FollowUp::getCreditCode, Types.STRING);
    }

    static InspectionTask task(String id, Instant deadline) {
        return InspectionTask.newBuilder().setTaskId(id).setPlanId("P1").setCreditCode(CODE)
                .setItems(List.of(new org.creditgrid.schema.PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setRiskClass(RiskClass.B).setPool(Pool.GENERAL).setUnitId("440106022").setDistrictCode("440106")
                .setDrawTime(at(10)).setDeadline(deadline).setSeed(1).setDraw(0.5).setPlans(List.of("P1"))
                .build();
    }

    static ResultPublication result(String taskId, Instant inspectedAt) {
        return ResultPublication.newBuilder().setTaskId(taskId).setPlanIds(List.of("P1")).setCreditCode(CODE)
                .setDepartment("SAMR-FOOD").setInspectionType("FOOD_SAFETY").setOutcome(InspectionResult.OK)
                .setInspectedAt(inspectedAt).setSourceEventId("E-" + taskId).build();
    }

    private void send(FollowUp f) throws Exception {
        h.processElement(new StreamRecord<>(f));
    }

    private static FollowUp.Builder to() {
        return FollowUp.newBuilder().setCreditCode(CODE);
    }

    @Test
    void aTaskStillOpenAtItsDeadlineRaisesOneTriggerWithTheFactsLastTold() throws Exception {
        send(to().setTask(task(TASK, at(40))).build());
        assertThat(h.numEventTimeTimers()).isEqualTo(1);
        send(to().setFacts(new TriggerFacts(RiskClass.D, Pool.PRUDENT, "440106001", "440106")).build());
        h.processWatermark(at(39).toEpochMilli());
        assertThat(h.extractOutputValues()).isEmpty();
        h.processWatermark(at(40).toEpochMilli());
        assertThat(h.extractOutputValues()).singleElement().satisfies(t -> {
            assertThat(t.getReason()).isEqualTo(TriggerReason.TASK_OVERDUE);
            assertThat(t.getTriggerId()).isEqualTo(TASK + ":TASK_OVERDUE");
            assertThat(t.getSourceEventId()).isEqualTo(TASK);
            assertThat(t.getEventTime()).isEqualTo(at(40));
            assertThat(t.getDepartment()).isEqualTo("SAMR-FOOD");
            assertThat(t.getRiskClass()).isEqualTo(RiskClass.D);
            assertThat(t.getPool()).isEqualTo(Pool.PRUDENT);
            assertThat(t.getUrgency()).isEqualTo(org.creditgrid.supervision.Triggers.urgency(RiskClass.D,
                    Pool.PRUDENT));
            assertThat(t.getUnitId()).isEqualTo("440106001");
        });
        h.processWatermark(at(100).toEpochMilli());
        assertThat(h.extractOutputValues()).hasSize(1);
        assertThat(h.numEventTimeTimers()).isZero();
    }

    @Test
    void aResultClosesItsTaskAndIsPublishedOnceWithTheLatestRevisionsDeadline() throws Exception {
        send(to().setTask(task(TASK, at(40))).build());
        send(to().setTask(task(TASK, at(30))).build()); // a later plan merged into the visit brought it forward
        send(to().setInspection(result(TASK, at(35))).build());
        assertThat(h.getSideOutput(InspectionFollowUp.RESULTS)).singleElement().satisfies(r -> {
            assertThat(r.getValue().getInspection().getDeadline()).isEqualTo(at(30));
            assertThat(r.getValue().getInspection().getLate()).isTrue();
        });
        assertThat(h.numEventTimeTimers()).isZero();
        assertThat(h.extractOutputValues()).as("inspected after its deadline: it was open then, so overdue, once")
                .extracting(InspectionTrigger::getTriggerId).containsExactly(TASK + ":TASK_OVERDUE");
        h.processWatermark(at(100).toEpochMilli());
        assertThat(h.extractOutputValues()).hasSize(1);
        send(to().setTask(task(TASK, at(120))).build());
        assertThat(h.numEventTimeTimers()).as("a revision after the result opens nothing").isZero();
    }

    @Test
    void aTaskDrawnAfterTheWatermarkPassedItsDeadlineIsOverdueAtOnce() throws Exception {
        h.processWatermark(at(100).toEpochMilli());
        send(to().setTask(task(TASK, at(40))).build());
        assertThat(h.extractOutputValues()).extracting(InspectionTrigger::getReason)
                .containsExactly(TriggerReason.TASK_OVERDUE);
        assertThat(h.numEventTimeTimers()).as("no timer left behind the watermark").isZero();
    }

    @Test
    void aDeregisteredEnterprisesTasksAreDroppedAndWhatFollowsKeepsNoState() throws Exception {
        send(to().setTask(task(TASK, at(40))).build());
        send(to().setDeregistered(true).build());
        assertThat(h.numEventTimeTimers()).isZero();
        send(to().setFacts(new TriggerFacts(RiskClass.D, Pool.PRUDENT, null, null)).build());
        send(to().setInspection(result(TASK, at(45))).build());
        assertThat(h.getSideOutput(InspectionFollowUp.RESULTS)).as("a result is published all the same").hasSize(1);
        assertThat(h.numKeyedStateEntries()).as("facts and results alone keep nothing").isZero();
        h.processWatermark(at(100).toEpochMilli());
        assertThat(h.extractOutputValues()).isEmpty();
    }

    /**
     * Found by the chaos rounds (issue #17): after a restore, the sources replay records before the watermark rises
     * again, so a deregistration of August can be processed before the watermark reaches a June deadline. The task
     * was open at its deadline, while the business was: the trigger must not depend on which came first.
     */
    @Test
    void aDeadlineBeforeTheDeregistrationIsLeftToTheWatermark() throws Exception {
        String later = "P2:" + CODE;
        send(to().setTask(task(TASK, at(40))).build());
        send(to().setTask(task(later, at(80))).build());
        h.processWatermark(at(20).toEpochMilli()); // behind both deadlines
        send(to().setDeregistered(true).setDeregisteredAt(at(60)).build());
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.numEventTimeTimers()).as("the June deadline's timer stays").isEqualTo(1);
        h.processWatermark(at(100).toEpochMilli());
        assertThat(h.extractOutputValues()).as("the deadline after the deregistration: dropped")
                .singleElement().satisfies(t -> {
                    assertThat(t.getTriggerId()).isEqualTo(TASK + ":TASK_OVERDUE");
                    assertThat(t.getEventTime()).isEqualTo(at(40));
                });
        assertThat(h.numEventTimeTimers()).isZero();
    }

    /** The same inputs with the watermark first give the same single trigger. */
    @Test
    void theWatermarkFirstGivesTheSameSingleTrigger() throws Exception {
        send(to().setTask(task(TASK, at(40))).build());
        h.processWatermark(at(50).toEpochMilli());
        send(to().setDeregistered(true).setDeregisteredAt(at(60)).build());
        h.processWatermark(at(100).toEpochMilli());
        assertThat(h.extractOutputValues()).extracting(InspectionTrigger::getTriggerId)
                .containsExactly(TASK + ":TASK_OVERDUE");
        assertThat(h.numKeyedStateEntries()).isZero();
    }

    /** An inspection on time that comes after the deregistration still closes its task: no overdue trigger. */
    @Test
    void aResultOnTimeAfterTheDeregistrationClosesTheTaskKeptForTheWatermark() throws Exception {
        send(to().setTask(task(TASK, at(40))).build());
        send(to().setDeregistered(true).setDeregisteredAt(at(60)).build());
        send(to().setInspection(result(TASK, at(35))).build());
        h.processWatermark(at(100).toEpochMilli());
        assertThat(h.extractOutputValues()).isEmpty();
        assertThat(h.getSideOutput(InspectionFollowUp.RESULTS)).singleElement()
                .satisfies(r -> assertThat(r.getValue().getInspection().getLate()).isFalse());
    }

    /** Late result first or watermark first: one overdue trigger; a revision after it raises nothing again. */
    @Test
    void aLateResultBeforeTheWatermarkAndARevisionAfterTheTriggerRaiseItOnce() throws Exception {
        send(to().setTask(task(TASK, at(40))).build());
        send(to().setInspection(result(TASK, at(45))).build());
        h.processWatermark(at(100).toEpochMilli());
        assertThat(h.extractOutputValues()).extracting(InspectionTrigger::getTriggerId)
                .containsExactly(TASK + ":TASK_OVERDUE");

        String other = "P3:" + CODE;
        send(to().setTask(task(other, at(140))).build());
        h.processWatermark(at(150).toEpochMilli());
        send(to().setTask(task(other, at(140))).build()); // a revision of the visit, after its trigger
        h.processWatermark(at(200).toEpochMilli());
        assertThat(h.extractOutputValues()).extracting(InspectionTrigger::getTriggerId)
                .containsExactly(TASK + ":TASK_OVERDUE", other + ":TASK_OVERDUE");
    }

    @Test
    void handedOverTasksAndTimersSurviveARestore() throws Exception {
        send(to().setHandedOver(List.of(new FollowUpTask(TASK, at(40).toEpochMilli(), "SAMR")))
                .setFacts(new TriggerFacts(RiskClass.C, Pool.PRUDENT, "440106022", "440106")).build());
        var snapshot = h.snapshot(1, 1);
        h.close();
        h = harness();
        h.initializeState(snapshot);
        h.open();
        h.processWatermark(at(40).toEpochMilli());
        assertThat(h.extractOutputValues()).singleElement().satisfies(t -> {
            assertThat(t.getRiskClass()).isEqualTo(RiskClass.C);
            assertThat(t.getDepartment()).isEqualTo("SAMR");
            assertThat(t.getUrgency()).isNotNull().isInstanceOf(Urgency.class);
        });
    }
}
