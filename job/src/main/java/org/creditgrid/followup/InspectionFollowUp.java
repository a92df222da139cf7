package org.creditgrid.followup;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.internal.FollowUp;
import org.creditgrid.internal.FollowUpState;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTrigger;

/**
 * The task follow-up, keyed by credit code and fed forward by the enterprise operator (its drawn tasks, the results
 * naming them, the facts a trigger carries, a deregistration; see {@link FollowUp}): one event-time timer per
 * enterprise at its earliest open deadline, a {@code TASK_OVERDUE} trigger (main output) for a task still open then,
 * and each result published once on {@link #RESULTS}. State: {@code task-follow-up}, one small record per enterprise
 * ever drawn ({@link TaskFollowUp}). A deregistered enterprise's tasks are dropped: nobody is overdue at a closed
 * business — but a task whose deadline came before the deregistration (event time) is kept for the watermark to
 * decide, whether or not the deregistration was processed first. A result inspected after its task's deadline raises
 * the overdue trigger if the watermark has not yet: the task was open at its deadline either way.
 */
public final class InspectionFollowUp extends KeyedProcessFunction<String, FollowUp, InspectionTrigger> {

    /** Results of inspections done for drawn tasks, for the publication ("one public", the later part). */
    public static final OutputTag<InspectionPublication> RESULTS =
            new OutputTag<>("inspection-results", new AvroTypeInfo<>(InspectionPublication.class));

    static final ValueStateDescriptor<FollowUpState> STATE =
            new ValueStateDescriptor<>("task-follow-up", new AvroTypeInfo<>(FollowUpState.class));

    private transient ValueState<FollowUpState> state;
    private transient Counter overdue;

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
        overdue = getRuntimeContext().getMetricGroup().counter("tasksOverdue");
    }

    @Override
    public void processElement(FollowUp f, Context ctx, Collector<InspectionTrigger> out) throws Exception {
        FollowUpState s = state.value();
        if (f.getDeregistered()) {
            // Nobody is overdue at a closed business: tasks due after the deregistration go. Those due before it
            // stay with their timer, so the watermark decides them as if the deregistration had not been
            // processed yet (it may come first: a replay after a restore, a faster topic).
            if (s != null && f.getDeregisteredAt() != null) {
                TaskFollowUp.dueAfter(s, f.getDeregisteredAt().toEpochMilli());
            } else if (s != null) {
                s.getOpen().clear();
            }
            if (s == null || s.getOpen().isEmpty()) {
                if (s != null && s.getTimer() != 0) {
                    ctx.timerService().deleteEventTimeTimer(s.getTimer());
                }
                state.clear();
            } else {
                keep(s, ctx.timerService());
            }
            return;
        }
        if (s == null && f.getTask() == null && f.getHandedOver().isEmpty()) {
            if (f.getInspection() != null) { // a task it never opened (drawn before; or closed, then deregistered)
                ctx.output(RESULTS, new InspectionPublication(null, f.getInspection()));
            }
            return; // facts matter only while a task is open
        }
        if (s == null) {
            s = TaskFollowUp.empty();
        }
        if (f.getTask() != null) {
            TaskFollowUp.drawn(s, f.getTask());
        } else if (f.getInspection() != null) {
            List<InspectionTrigger> late = new ArrayList<>();
            ctx.output(RESULTS, new InspectionPublication(null, TaskFollowUp.closed(s, f.getInspection(),
                    ctx.getCurrentKey(), late)));
            overdue.inc(late.size());
            late.forEach(out::collect);
        } else if (!f.getHandedOver().isEmpty()) {
            TaskFollowUp.handedOver(s, f.getHandedOver(), f.getFacts());
        } else if (f.getFacts() != null) {
            s.setFacts(f.getFacts());
        }
        // A deadline the watermark has passed already (a task drawn after the year it belongs to was processed) is
        // due now: a timer registered behind the watermark fires only when it next rises, which may be never.
        due(s, ctx.getCurrentKey(), ctx.timerService().currentWatermark(), out);
        keep(s, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<InspectionTrigger> out) throws Exception {
        FollowUpState s = state.value();
        if (s != null && s.getTimer() == timestamp) { // else a timer the state no longer wants
            s.setTimer(0);
            due(s, ctx.getCurrentKey(), timestamp, out);
            keep(s, ctx.timerService());
        }
    }

    private void due(FollowUpState s, String creditCode, long now, Collector<InspectionTrigger> out) {
        if (TaskFollowUp.nextDeadline(s) > now) {
            return;
        }
        List<InspectionTrigger> triggers = new ArrayList<>();
        TaskFollowUp.overdue(s, creditCode, now, triggers);
        overdue.inc(triggers.size());
        triggers.forEach(out::collect);
    }

    /** Stores the state with exactly one event-time timer, at the earliest open deadline. */
    private void keep(FollowUpState s, TimerService timers) throws Exception {
        long next = TaskFollowUp.nextDeadline(s);
        if (s.getTimer() != 0 && s.getTimer() != next) {
            timers.deleteEventTimeTimer(s.getTimer());
            s.setTimer(0);
        }
        if (s.getTimer() == 0 && next != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(next);
            s.setTimer(next);
        }
        state.update(s);
    }
}
