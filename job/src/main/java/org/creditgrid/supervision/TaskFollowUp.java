package org.creditgrid.supervision;

import static org.creditgrid.io.AvroLists.removeWhere;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.LastInspection;
import org.creditgrid.internal.OpenTask;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;

/**
 * What follows a drawn task, in plain Java: its deadline kept as one of the enterprise's due instants, the result
 * that closes it (published: "one public", the later part), a {@code TASK_OVERDUE} trigger when it is still open at
 * its deadline; and the inspections remembered for the exclusion of later plans.
 */
final class TaskFollowUp {

    /** How long inspections are remembered for the exclusion: the longest sensible window and some margin. */
    static final long INSPECTIONS_KEPT_MS = 400 * 86_400_000L;

    private TaskFollowUp() {}

    /**
     * A task this job drew: its deadline becomes one of the enterprise's due instants (a later revision of the visit
     * may bring it forward). A result naming it may have come first: then it is not opened.
     */
    static void drawn(EnterpriseState state, InspectionTask task) {
        if (task.getDeadline() == null) {
            return;
        }
        boolean open = false;
        for (OpenTask t : state.getOpenTasks()) {
            if (t.getTaskId().equals(task.getTaskId())) {
                t.setDeadline(task.getDeadline().toEpochMilli());
                open = true;
            }
        }
        boolean done = state.getLedger().stream().anyMatch(e -> e.getDetail() instanceof InspectionOutcome o
                && task.getTaskId().equals(o.getTaskId()));
        if (!open && !done) {
            state.getOpenTasks().add(new OpenTask(task.getTaskId(), task.getDeadline().toEpochMilli(),
                    task.getItems().isEmpty() ? Triggers.MARKET_REGULATION : task.getItems().get(0).getDepartment()));
        }
    }

    /**
     * An inspection result: remembered for the exclusion; if it names a task, the task is done and, for a registered
     * enterprise, its result is added to {@code published}.
     */
    static void inspected(EnterpriseState state, EnforcementEvent e, InspectionOutcome o,
                          List<ResultPublication> published) {
        inspected(state.getInspections(), e.getDepartment(), o.getInspectionType(), e.getEventTime().toEpochMilli(),
                e.getEventId());
        if (o.getTaskId() != null) {
            if (state.getRegistration() != null) {
                published.add(result(state, e, o));
            }
            removeWhere(state.getOpenTasks(), t -> t.getTaskId().equals(o.getTaskId()));
        }
    }

    /** The tasks still open at {@code now} (epoch ms) whose deadline passed: closed, one trigger each. */
    static void overdue(EnterpriseState state, long now, List<InspectionTrigger> out) {
        for (OpenTask t : List.copyOf(state.getOpenTasks())) {
            if (t.getDeadline() <= now) {
                removeWhere(state.getOpenTasks(), o -> o == t);
                out.add(InspectionTrigger.newBuilder()
                        .setTriggerId(t.getTaskId() + ":" + TriggerReason.TASK_OVERDUE)
                        .setCreditCode(state.getRegistration().getCreditCode())
                        .setReason(TriggerReason.TASK_OVERDUE)
                        .setUrgency(Urgency.ROUTINE)
                        .setEventTime(Instant.ofEpochMilli(t.getDeadline()))
                        .setSourceEventId(t.getTaskId())
                        .setRiskClass(RiskClass.A)
                        .setPool(Pool.GENERAL)
                        .setDepartment(t.getDepartment())
                        .build());
            }
        }
    }

    /** The earliest open task's deadline (epoch ms), or {@link Long#MAX_VALUE}. */
    static long nextDeadline(EnterpriseState state) {
        long due = Long.MAX_VALUE;
        for (OpenTask t : state.getOpenTasks()) {
            due = Math.min(due, t.getDeadline());
        }
        return due;
    }

    /** Remembers an inspection (a result, or a drawn task's item); forgets those long past. */
    static void inspected(List<LastInspection> all, String department, String type, long time, String source) {
        for (LastInspection i : all) {
            if (i.getSource().equals(source) && i.getDepartment().equals(department)
                    && i.getInspectionType().equals(type)) {
                return; // the same record again
            }
        }
        all.add(new LastInspection(department, type, time, source));
        long newest = all.stream().mapToLong(LastInspection::getTime).max().orElse(time);
        removeWhere(all, i -> i.getTime() < newest - INSPECTIONS_KEPT_MS);
    }

    /**
     * The result of an inspection done for a drawn task (a joint visit has one per department and check). Its plans
     * and deadline come from the visit and the open task while the job holds them.
     */
    private static ResultPublication result(EnterpriseState state, EnforcementEvent e, InspectionOutcome o) {
        String code = state.getRegistration().getCreditCode();
        String taskId = o.getTaskId();
        InspectionTask visit = state.getVisits().stream().filter(v -> v.getTaskId().equals(taskId)).findFirst()
                .orElse(null);
        List<String> plans = new ArrayList<>(visit != null ? visit.getPlans() : List.of(planOf(taskId, code)));
        Instant deadline = state.getOpenTasks().stream().filter(t -> t.getTaskId().equals(taskId)).findFirst()
                .map(t -> Instant.ofEpochMilli(t.getDeadline()))
                .orElse(visit == null ? null : visit.getDeadline());
        Claim c = state.getClaim();
        return ResultPublication.newBuilder()
                .setTaskId(taskId)
                .setPlanIds(plans)
                .setCreditCode(code)
                .setEnterpriseName(state.getRegistration().getName())
                .setUnitId(c == null ? null : c.getUnitId())
                .setDistrictCode(c == null ? null : c.getDistrictCode())
                .setDepartment(e.getDepartment())
                .setInspectionType(o.getInspectionType())
                .setOutcome(o.getOutcome())
                .setInspectedAt(e.getEventTime())
                .setDeadline(deadline)
                .setLate(deadline != null && e.getEventTime().isAfter(deadline))
                .setSourceEventId(e.getEventId())
                .build();
    }

    /** A joint visit's id: the plan that first drew it and the enterprise. */
    static String taskId(String planId, String code) {
        return planId + ":" + code;
    }

    /** The plan that first drew the task {@code taskId} of enterprise {@code code} (the id itself if not ours). */
    static String planOf(String taskId, String code) {
        String suffix = ":" + code;
        return taskId.endsWith(suffix) ? taskId.substring(0, taskId.length() - suffix.length()) : taskId;
    }
}
