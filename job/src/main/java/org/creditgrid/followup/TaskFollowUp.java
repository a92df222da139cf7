package org.creditgrid.followup;

import static org.creditgrid.io.AvroLists.removeWhere;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.creditgrid.internal.FollowUpState;
import org.creditgrid.internal.FollowUpTask;
import org.creditgrid.internal.TriggerFacts;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.supervision.Triggers;

/**
 * What follows a drawn task, in plain Java, over one enterprise's {@link FollowUpState}: its deadline kept while it
 * is open (a later revision of the visit may move it), the result that closes it (published with that deadline and
 * whether it came late: "one public", the later part), and a {@code TASK_OVERDUE} trigger when it is still open at
 * its deadline, carrying the enterprise's class, pool and unit as the enterprise operator last told them.
 */
public final class TaskFollowUp {

    /** Tasks closed by a result that are remembered, so that a revision arriving after the result opens nothing. */
    static final int DONE_KEPT = 20;

    private TaskFollowUp() {}

    public static FollowUpState empty() {
        return FollowUpState.newBuilder().setOpen(new ArrayList<>()).setDone(new ArrayList<>()).build();
    }

    /** A task drawn or revised: opened, or its deadline moved; not opened again once a result closed it. */
    static void drawn(FollowUpState s, InspectionTask task) {
        s.setFacts(new TriggerFacts(task.getRiskClass(), task.getPool(), task.getUnitId(), task.getDistrictCode()));
        if (task.getDeadline() == null || s.getDone().contains(task.getTaskId())) {
            return;
        }
        String department = task.getItems().isEmpty() ? Triggers.MARKET_REGULATION
                : task.getItems().get(0).getDepartment();
        open(s, new FollowUpTask(task.getTaskId(), task.getDeadline().toEpochMilli(), department));
    }

    /** Open tasks of an earlier release's enterprise state, handed over once. */
    static void handedOver(FollowUpState s, List<FollowUpTask> tasks, TriggerFacts facts) {
        if (facts != null) {
            s.setFacts(facts);
        }
        for (FollowUpTask t : tasks) {
            if (!s.getDone().contains(t.getTaskId()) && find(s, t.getTaskId()) == null) {
                s.getOpen().add(t);
            }
        }
    }

    /**
     * A result naming a task: the task is closed, and the result is returned for publication with the open task's
     * deadline (the latest revision's) when the task was open here, else as the enterprise operator built it.
     */
    static ResultPublication closed(FollowUpState s, ResultPublication result, String creditCode,
                                    List<InspectionTrigger> out) {
        FollowUpTask t = find(s, result.getTaskId());
        if (t != null) {
            result.setDeadline(Instant.ofEpochMilli(t.getDeadline()));
            result.setLate(result.getInspectedAt().toEpochMilli() > t.getDeadline());
            if (result.getLate()) { // open at its deadline: the trigger the watermark would have raised first
                overdue(s, creditCode, t.getDeadline(), out, o -> o == t);
            }
            removeWhere(s.getOpen(), o -> o == t);
        }
        done(s, result.getTaskId());
        return result;
    }

    /** Remembers a task as closed (by a result or as overdue): a later revision of it opens nothing. */
    private static void done(FollowUpState s, String taskId) {
        if (!s.getDone().contains(taskId)) {
            s.getDone().add(taskId);
            if (s.getDone().size() > DONE_KEPT) {
                s.getDone().remove(0);
            }
        }
    }

    /** The enterprise deregistered at {@code at} (epoch ms): its tasks due after that are dropped. */
    static void dueAfter(FollowUpState s, long at) {
        removeWhere(s.getOpen(), t -> t.getDeadline() > at);
    }

    /** The tasks still open at {@code now} (epoch ms) whose deadline passed: closed, one trigger each. */
    static void overdue(FollowUpState s, String creditCode, long now, List<InspectionTrigger> out) {
        overdue(s, creditCode, now, out, t -> true);
    }

    private static void overdue(FollowUpState s, String creditCode, long now, List<InspectionTrigger> out,
                                java.util.function.Predicate<FollowUpTask> which) {
        TriggerFacts f = s.getFacts();
        RiskClass riskClass = f == null ? RiskClass.A : f.getRiskClass();
        Pool pool = f == null ? Pool.GENERAL : f.getPool();
        for (FollowUpTask t : List.copyOf(s.getOpen())) {
            if (t.getDeadline() <= now && which.test(t)) {
                removeWhere(s.getOpen(), o -> o == t);
                done(s, t.getTaskId()); // a revision after the trigger must not open it and raise it again
                out.add(InspectionTrigger.newBuilder()
                        .setTriggerId(t.getTaskId() + ":" + TriggerReason.TASK_OVERDUE)
                        .setCreditCode(creditCode)
                        .setReason(TriggerReason.TASK_OVERDUE)
                        .setUrgency(Triggers.urgency(riskClass, pool))
                        .setEventTime(Instant.ofEpochMilli(t.getDeadline()))
                        .setSourceEventId(t.getTaskId())
                        .setRiskClass(riskClass)
                        .setPool(pool)
                        .setUnitId(f == null ? null : f.getUnitId())
                        .setDistrictCode(f == null ? null : f.getDistrictCode())
                        .setDepartment(t.getDepartment())
                        .build());
            }
        }
    }

    /** The earliest open task's deadline (epoch ms), or {@link Long#MAX_VALUE}. */
    static long nextDeadline(FollowUpState s) {
        long due = Long.MAX_VALUE;
        for (FollowUpTask t : s.getOpen()) {
            due = Math.min(due, t.getDeadline());
        }
        return due;
    }

    private static void open(FollowUpState s, FollowUpTask task) {
        FollowUpTask t = find(s, task.getTaskId());
        if (t == null) {
            s.getOpen().add(task);
        } else {
            t.setDeadline(task.getDeadline());
        }
    }

    private static FollowUpTask find(FollowUpState s, String taskId) {
        for (FollowUpTask t : s.getOpen()) {
            if (t.getTaskId().equals(taskId)) {
                return t;
            }
        }
        return null;
    }
}
