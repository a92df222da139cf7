package org.creditgrid.supervision;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.BaseBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.SamplingPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-enterprise operator, keyed by credit code: keeps each enterprise's state (registration, claim, ledger,
 * last profile) in RocksDB, publishes its profile changelog, triggers and manual-claim requests, and, when a sampling
 * plan is broadcast, visits every enterprise it holds to draw the plan's joint inspection tasks.
 */
public class EnterpriseSupervision
        extends KeyedBroadcastProcessFunction<String, EnterpriseInput, SamplingPlan, EnterpriseProfile> {

    private static final Logger LOG = LoggerFactory.getLogger(EnterpriseSupervision.class);

    public static final OutputTag<InspectionTrigger> TRIGGERS =
            new OutputTag<>("inspection-triggers", new AvroTypeInfo<>(InspectionTrigger.class));
    public static final OutputTag<InspectionTask> TASKS =
            new OutputTag<>("inspection-tasks", new AvroTypeInfo<>(InspectionTask.class));
    public static final OutputTag<ClaimRequest> CLAIMS =
            new OutputTag<>("claim-requests", new AvroTypeInfo<>(ClaimRequest.class));

    /** Events whose enterprise never registered (reason UNKNOWN_ENTERPRISE), for the dead-letter topic. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("supervision-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
    /** Credit codes whose state ended: a null value goes to the compacted profile topic. */
    public static final OutputTag<String> TOMBSTONES = new OutputTag<>("profile-tombstones", Types.STRING);

    /** Plans already executed, by id: a redelivered plan is not drawn twice. */
    public static final MapStateDescriptor<String, SamplingPlan> PLANS =
            new MapStateDescriptor<>("sampling-plans", Types.STRING, new AvroTypeInfo<>(SamplingPlan.class));

    static final ValueStateDescriptor<EnterpriseState> STATE =
            new ValueStateDescriptor<>("enterprise", new AvroTypeInfo<>(EnterpriseState.class));

    private final String riskRulesLocation;
    private final String poolRulesLocation;
    private final EnterpriseSupervisor.Limits limits;
    private final String eventsTopic;
    private final AvroCodec<EnforcementEvent> eventCodec = AvroCodec.of(EnforcementEvent.class);

    private transient EnterpriseSupervisor supervisor;
    private transient ValueState<EnterpriseState> state;
    private transient Counter profilesOut;
    private transient Counter tasksOut;

    public EnterpriseSupervision(String riskRulesLocation, String poolRulesLocation) {
        this(riskRulesLocation, poolRulesLocation, EnterpriseSupervisor.Limits.defaults(), "enforcement-events");
    }

    public EnterpriseSupervision(String riskRulesLocation, String poolRulesLocation,
                                 EnterpriseSupervisor.Limits limits, String eventsTopic) {
        this.riskRulesLocation = riskRulesLocation;
        this.poolRulesLocation = poolRulesLocation;
        this.limits = limits;
        this.eventsTopic = eventsTopic;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        supervisor = new EnterpriseSupervisor(new RiskModel(RiskRules.load(riskRulesLocation)),
                PoolRules.load(poolRulesLocation), limits);
        state = getRuntimeContext().getState(STATE);
        profilesOut = getRuntimeContext().getMetricGroup().counter("profilesPublished");
        tasksOut = getRuntimeContext().getMetricGroup().counter("tasksDrawn");
    }

    @Override
    public void processElement(EnterpriseInput input, ReadOnlyContext ctx, Collector<EnterpriseProfile> out)
            throws Exception {
        EnterpriseState s = state.value();
        if (s == null) {
            s = EnterpriseSupervisor.emptyState();
        }
        publish(ctx.getCurrentKey(), s, supervisor.apply(s, input), ctx.timerService(), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnterpriseProfile> out) throws Exception {
        EnterpriseState s = state.value();
        if (s == null || s.getTimer() != timestamp) {
            return; // a timer the state no longer wants
        }
        s.setTimer(0);
        publish(ctx.getCurrentKey(), s, supervisor.onTime(s, timestamp), ctx.timerService(), ctx, out);
    }

    /** Emits an outcome and keeps exactly one event-time timer per enterprise, at its next due instant. */
    private void publish(String creditCode, EnterpriseState s, EnterpriseSupervisor.Outcome outcome,
                         TimerService timers, BaseBroadcastProcessFunction.ReadOnlyContext ctx,
                         Collector<EnterpriseProfile> out) throws Exception {
        if (outcome.profile() != null) {
            profilesOut.inc();
            out.collect(outcome.profile());
        }
        for (InspectionTrigger t : outcome.triggers()) {
            ctx.output(TRIGGERS, t);
        }
        for (ClaimRequest c : outcome.claims()) {
            ctx.output(CLAIMS, c);
        }
        for (EnforcementEvent e : outcome.unknown()) {
            ctx.output(DEAD_LETTERS, DeadLetter.newBuilder()
                    .setSourceTopic(eventsTopic).setPartition(-1).setOffset(-1)
                    .setRecordTimestamp(e.getEventTime().toEpochMilli())
                    .setReason("UNKNOWN_ENTERPRISE")
                    .setDetail("no registration for " + creditCode + " within the pending limits ("
                            + limits.maxPending() + " events, " + limits.pendingTimeoutMs() / 86_400_000L + " days)")
                    .setRawKey(ByteBuffer.wrap(creditCode.getBytes(StandardCharsets.UTF_8)))
                    .setRawValue(ByteBuffer.wrap(eventCodec.encode(e)))
                    .build());
        }
        if (s.getTimer() != 0 && (outcome.clear() || s.getTimer() != outcome.wakeUp())) {
            timers.deleteEventTimeTimer(s.getTimer());
            s.setTimer(0);
        }
        if (outcome.clear()) {
            state.clear();
            if (outcome.tombstone()) {
                ctx.output(TOMBSTONES, creditCode);
            }
            return;
        }
        if (s.getTimer() == 0 && outcome.wakeUp() != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(outcome.wakeUp());
            s.setTimer(outcome.wakeUp());
        }
        state.update(s);
    }

    @Override
    public void processBroadcastElement(SamplingPlan plan, Context ctx, Collector<EnterpriseProfile> out)
            throws Exception {
        BroadcastState<String, SamplingPlan> plans = ctx.getBroadcastState(PLANS);
        if (plans.contains(plan.getPlanId())) {
            LOG.info("Sampling plan {} was already drawn; ignoring the redelivery", plan.getPlanId());
            return;
        }
        plans.put(plan.getPlanId(), plan);
        long[] drawn = {0};
        // Each parallel instance visits the enterprises of its own key groups; together they cover all of them.
        ctx.applyToKeyedState(STATE, (creditCode, st) -> {
            EnterpriseState s = st.value();
            InspectionTask task = s == null ? null : supervisor.draw(s, plan);
            if (task != null) {
                drawn[0]++;
                ctx.output(TASKS, task);
            }
        });
        tasksOut.inc(drawn[0]);
        LOG.info("Sampling plan {} drew {} tasks in this subtask", plan.getPlanId(), drawn[0]);
    }
}
