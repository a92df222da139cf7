package org.creditgrid.supervision;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.ClaimRequest;
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

    /** Plans already executed, by id: a redelivered plan is not drawn twice. */
    public static final MapStateDescriptor<String, SamplingPlan> PLANS =
            new MapStateDescriptor<>("sampling-plans", Types.STRING, new AvroTypeInfo<>(SamplingPlan.class));

    static final ValueStateDescriptor<EnterpriseState> STATE =
            new ValueStateDescriptor<>("enterprise", new AvroTypeInfo<>(EnterpriseState.class));

    private final String riskRulesLocation;
    private final String poolRulesLocation;

    private transient EnterpriseSupervisor supervisor;
    private transient ValueState<EnterpriseState> state;
    private transient Counter profilesOut;
    private transient Counter tasksOut;

    public EnterpriseSupervision(String riskRulesLocation, String poolRulesLocation) {
        this.riskRulesLocation = riskRulesLocation;
        this.poolRulesLocation = poolRulesLocation;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        supervisor = new EnterpriseSupervisor(new RiskModel(RiskRules.load(riskRulesLocation)),
                PoolRules.load(poolRulesLocation));
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
        EnterpriseSupervisor.Outcome outcome = supervisor.apply(s, input);
        state.update(s);
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
