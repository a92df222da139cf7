package org.creditgrid.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.claim.GridInForce;
import org.creditgrid.internal.Control;
import org.creditgrid.internal.DrawPartial;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.FollowUp;
import org.creditgrid.internal.ImpactPartial;
import org.creditgrid.internal.Membership;
import org.creditgrid.internal.ProfileMove;
import org.creditgrid.internal.SamplingView;
import org.creditgrid.network.GroupMembership;
import org.creditgrid.risk.ImpactTally;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.GridVersion;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.RulesAudit;
import org.creditgrid.schema.RulesState;
import org.creditgrid.schema.SamplingPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-enterprise operator, keyed by credit code: keeps each enterprise's state in RocksDB, one value per concern
 * ({@link EnterpriseStore}: core and ledger, registration, claim case, last profile, sampling view), publishes its
 * profile changelog, triggers and manual-claim requests, and tells the task follow-up ({@link #FOLLOW_UPS}) what it
 * drew and what closes it. Broadcast to it: the inspector library, grids, sampling plans (it visits every enterprise
 * it holds to draw the plan's joint inspection tasks and staffs them from the library) and risk-rules versions (a
 * CANDIDATE is evaluated in shadow over every enterprise and reported, changing nothing; an ACTIVE one replaces the
 * rules in force and re-scores every enterprise).
 */
public class EnterpriseSupervision
        extends KeyedBroadcastProcessFunction<String, EnterpriseInput, Control, EnterpriseProfile>
        implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(EnterpriseSupervision.class);

    public static final OutputTag<InspectionTrigger> TRIGGERS =
            new OutputTag<>("inspection-triggers", new AvroTypeInfo<>(InspectionTrigger.class));
    public static final OutputTag<InspectionTask> TASKS =
            new OutputTag<>("inspection-tasks", new AvroTypeInfo<>(InspectionTask.class));
    /** What the task follow-up is told, in order per enterprise: drawn tasks, results, trigger facts, deregistration. */
    public static final OutputTag<FollowUp> FOLLOW_UPS =
            new OutputTag<>("task-follow-ups", new AvroTypeInfo<>(FollowUp.class));
    public static final OutputTag<ClaimRequest> CLAIMS =
            new OutputTag<>("claim-requests", new AvroTypeInfo<>(ClaimRequest.class));
    /** Profiles that change where, or as what, the enterprise counts in the unit statistics. */
    public static final OutputTag<ProfileMove> MOVES =
            new OutputTag<>("profile-moves", new AvroTypeInfo<>(ProfileMove.class));
    /** Events whose enterprise never registered (reason UNKNOWN_ENTERPRISE), for the dead-letter topic. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("supervision-dead-letters", new AvroTypeInfo<>(DeadLetter.class));
    /** Credit codes whose state ended: a null value goes to the compacted profile topic. */
    public static final OutputTag<String> TOMBSTONES = new OutputTag<>("profile-tombstones", Types.STRING);
    /** Joins and leaves of the groups the enterprise shares (address, legal representative), for the network topic. */
    public static final OutputTag<Membership> NETWORK =
            new OutputTag<>("network-memberships", new AvroTypeInfo<>(Membership.class));
    /** Plans already executed, by id: a redelivered plan is not drawn twice. */
    public static final MapStateDescriptor<String, SamplingPlan> PLANS =
            new MapStateDescriptor<>("sampling-plans", Types.STRING, new AvroTypeInfo<>(SamplingPlan.class));
    /** The inspector library, by inspector id: the latest record of each. */
    public static final MapStateDescriptor<String, Inspector> INSPECTORS =
            new MapStateDescriptor<>("inspectors", Types.STRING, new AvroTypeInfo<>(Inspector.class));
    /** The rules version in force, under the key "active" (absent: the job's default rules file). */
    public static final MapStateDescriptor<String, RiskRulesVersion> RULES =
            new MapStateDescriptor<>("risk-rules", Types.STRING, new AvroTypeInfo<>(RiskRulesVersion.class));

    /** The grid version in force (absent: the job's {@code --grid} file), the same as the claim model's. */
    public static final MapStateDescriptor<String, GridVersion> GRID = GridInForce.GRID;

    public static final OutputTag<ImpactPartial> IMPACT =
            new OutputTag<>("rules-impact-partials", new AvroTypeInfo<>(ImpactPartial.class));
    /** This instance's share of a plan's publication, summed per plan downstream. */
    public static final OutputTag<DrawPartial> PUBLICATIONS =
            new OutputTag<>("draw-partials", new AvroTypeInfo<>(DrawPartial.class));
    public static final OutputTag<RulesAudit> AUDIT =
            new OutputTag<>("rules-audit", new AvroTypeInfo<>(RulesAudit.class));

    /** The enterprise's core, the one value every enterprise has (its other parts: {@link EnterpriseStore}). */
    static final ValueStateDescriptor<EnterpriseState> STATE = EnterpriseStore.STATE;

    private final String riskRulesLocation;
    private final String poolRulesLocation;
    private final String claimRulesLocation;
    private final String gridLocation;
    private final String subLibrariesLocation;
    private final EnterpriseSupervisor.Limits limits;
    private final String eventsTopic;
    private final String responsesTopic;

    private transient RulesInForce rules;
    private transient GridInForce grids;
    private transient EnterpriseStore store;
    private transient Counter reassigned;
    private transient OutcomeEmitter emitter;
    private transient Counter tasksOut;
    private transient org.creditgrid.metrics.EventTimeLag lag;

    public EnterpriseSupervision(String riskRulesLocation, String poolRulesLocation, String claimRulesLocation,
                                 String gridLocation, String subLibrariesLocation, EnterpriseSupervisor.Limits limits,
                                 String eventsTopic, String responsesTopic) {
        this.riskRulesLocation = riskRulesLocation;
        this.poolRulesLocation = poolRulesLocation;
        this.claimRulesLocation = claimRulesLocation;
        this.gridLocation = gridLocation;
        this.subLibrariesLocation = subLibrariesLocation;
        this.limits = limits;
        this.eventsTopic = eventsTopic;
        this.responsesTopic = responsesTopic;
    }

    /**
     * Union operator state of releases up to 07f9757 (whether every enterprise had its sampling view). Flink keeps a
     * restored operator state even when nothing asks for it, and a union state comes back once per subtask on every
     * restore, so it would grow with each one: it is emptied here, and so written empty.
     */
    private static final ListStateDescriptor<Integer> VIEWS_COMPLETE =
            new ListStateDescriptor<>("sampling-views-complete", Types.INT);

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        context.getOperatorStateStore().getUnionListState(VIEWS_COMPLETE).clear();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception { } // keyed or broadcast state only

    @Override
    public void open(OpenContext openContext) throws Exception {
        rules = new RulesInForce(new RiskModel(RiskRules.load(riskRulesLocation)), PoolRules.load(poolRulesLocation),
                ClaimRules.load(claimRulesLocation), SubLibraries.load(subLibrariesLocation), limits);
        grids = new GridInForce(Grid.load(gridLocation));
        store = new EnterpriseStore(getRuntimeContext()::getState);
        reassigned = getRuntimeContext().getMetricGroup().counter("enterprisesReassigned");
        emitter = new OutcomeEmitter(limits, eventsTopic, responsesTopic,
                getRuntimeContext().getMetricGroup().counter("profilesPublished"));
        tasksOut = getRuntimeContext().getMetricGroup().counter("tasksDrawn");
        lag = org.creditgrid.metrics.EventTimeLag.register(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(EnterpriseInput input, ReadOnlyContext ctx, Collector<EnterpriseProfile> out)
            throws Exception {
        EnterpriseSupervisor supervisor = rules.supervisor(ctx.getBroadcastState(RULES));
        EnterpriseState s = store.load();
        if (s == null) {
            s = EnterpriseSupervisor.emptyState();
        }
        OutcomeEmitter.SideOutputs side = OutcomeEmitter.sideOutputs(ctx::output);
        handOver(s, side);
        Outcome o = supervisor.apply(s, input);
        // An instant the watermark has passed already (a case's deadline, a late event's expiry) is
        // due now: a timer registered behind the watermark fires only when it next rises, which may be never.
        long watermark = ctx.timerService().currentWatermark();
        lag.processed(ctx.timestamp());
        while (!o.clear() && o.wakeUp() != Long.MAX_VALUE && o.wakeUp() <= watermark) {
            emitter.emit(ctx.getCurrentKey(), o, side, out);
            o = supervisor.onTime(s, o.wakeUp()); // each due instant is later than the one before
        }
        emitter.emit(ctx.getCurrentKey(), o, side, out);
        keep(ctx.getCurrentKey(), s, o, ctx.timerService(), side);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnterpriseProfile> out) throws Exception {
        EnterpriseState s = store.load();
        if (s == null || s.getTimer() != timestamp) {
            return; // a timer the state no longer wants
        }
        s.setTimer(0);
        OutcomeEmitter.SideOutputs side = OutcomeEmitter.sideOutputs(ctx::output);
        handOver(s, side);
        Outcome o = rules.supervisor(ctx.getBroadcastState(RULES)).onTime(s, timestamp);
        emitter.emit(ctx.getCurrentKey(), o, side, out);
        keep(ctx.getCurrentKey(), s, o, ctx.timerService(), side);
    }

    /** An earlier release's open tasks go to the task follow-up once (their timer makes sure each is touched). */
    private static void handOver(EnterpriseState s, OutcomeEmitter.SideOutputs side) {
        FollowUp tasks = Inspections.handOver(s);
        if (tasks != null) {
            side.output(FOLLOW_UPS, tasks);
        }
    }

    /**
     * Stores the state after an outcome on the keyed side, or clears it (with a tombstone for a published profile),
     * keeping exactly one event-time timer per enterprise, at its next due instant.
     */
    private void keep(String creditCode, EnterpriseState s, Outcome outcome, TimerService timers,
                      OutcomeEmitter.SideOutputs side)
            throws Exception {
        if (s.getTimer() != 0 && (outcome.clear() || s.getTimer() != outcome.wakeUp())) {
            timers.deleteEventTimeTimer(s.getTimer());
            s.setTimer(0);
        }
        if (outcome.clear()) {
            store.clear();
            if (outcome.tombstone()) {
                side.output(TOMBSTONES, creditCode);
            }
            return;
        }
        if (s.getTimer() == 0 && outcome.wakeUp() != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(outcome.wakeUp());
            s.setTimer(outcome.wakeUp());
        }
        store.store(s);
    }

    @Override
    public void processBroadcastElement(Control control, Context ctx, Collector<EnterpriseProfile> out)
            throws Exception {
        EnterpriseSupervisor supervisor = rules.supervisor(ctx.getBroadcastState(RULES));
        if (control.getInspector() != null) {
            Inspector i = control.getInspector();
            ctx.getBroadcastState(INSPECTORS).put(i.getInspectorId(), i); // a changelog: the latest record wins
        } else if (control.getGrid() != null) {
            regrid(supervisor, control.getGrid(), ctx, out);
        } else if (control.getPlan() != null) {
            draw(supervisor.plans(), control.getPlan(), ctx);
        } else if (control.getRules().getState() == RulesState.CANDIDATE) {
            shadow(control.getRules(), ctx);
        } else {
            activate(control.getRules(), ctx, out);
        }
    }

    private void draw(PlanDraw plans, SamplingPlan plan, Context ctx) throws Exception {
        BroadcastState<String, SamplingPlan> drawn = ctx.getBroadcastState(PLANS);
        if (drawn.contains(plan.getPlanId())) {
            LOG.info("Sampling plan {} was already drawn; ignoring the redelivery", plan.getPlanId());
            return;
        }
        drawn.put(plan.getPlanId(), plan);
        List<Inspector> library = new ArrayList<>();
        ctx.getBroadcastState(INSPECTORS).immutableEntries().forEach(e -> library.add(e.getValue()));
        InspectorLibrary inspectors = InspectorLibrary.of(library);
        DrawTally tally = new DrawTally();
        long[] tasks = {0};
        long[] opened = {0};
        // Each parallel instance visits the enterprises of its own key groups; together they cover all of them.
        // The views suffice, but where an assessment no longer holds at the plan's instant (time passed it, and
        // the watermark has not yet: its timer has not fired) the whole state is assessed again.
        ctx.applyToKeyedState(EnterpriseStore.VIEWS, (creditCode, vs) -> {
            SamplingView v = vs.value();
            if (v == null) {
                return;
            }
            PlanDraw.Draw d;
            if (PlanDraw.holds(v, plan)) {
                d = plans.draw(v, creditCode, plan, inspectors);
                if (d.task() != null) {
                    vs.update(v); // remembers the items, for the exclusion in later plans
                }
            } else {
                opened[0]++;
                EnterpriseState s = store.load(v);
                d = plans.drawFor(s, plan, inspectors);
                if (d.task() != null) {
                    store.store(s);
                }
            }
            if (d.task() != null) {
                tasks[0]++;
                ctx.output(TASKS, d.task());
                ctx.output(FOLLOW_UPS, FollowUp.newBuilder().setCreditCode(creditCode).setTask(d.task()).build());
            }
            tally.add(d, creditCode);
        });
        tasksOut.inc(tasks[0]);
        ctx.output(PUBLICATIONS, new DrawPartial(tally.toRecord(plan, inspectors), subtask(), subtasks()));
        LOG.info("Sampling plan {} drew {} tasks in this subtask ({} enterprises assessed from their whole state)",
                plan.getPlanId(), tasks[0], opened[0]);
    }

    /**
     * A new grid: from now on the claim model uses it, and only the enterprises in units it changes are assigned
     * again (an unchanged polygon cannot move a point out of it). Cases it opens get their deadline timer at the
     * enterprise's next input or timer: the broadcast side cannot set per-key timers.
     */
    private void regrid(EnterpriseSupervisor supervisor, GridVersion version, Context ctx,
                        Collector<EnterpriseProfile> out) throws Exception {
        Grid older = grids.put(ctx.getBroadcastState(GRID), version);
        if (older == null) {
            LOG.info("Grid {} is already in force; ignoring the redelivery", version.getVersion());
            return;
        }
        Grid newer = grids.grid(ctx.getBroadcastState(GRID));
        Set<String> changed = older.changedUnits(newer);
        ClaimModel model = new ClaimModel(newer);
        long[] moved = {0};
        if (!changed.isEmpty()) {
            OutcomeEmitter.SideOutputs side = OutcomeEmitter.sideOutputs(ctx::output);
            ctx.applyToKeyedState(STATE, (creditCode, st) -> {
                EnterpriseState s = store.load();
                if (s == null) {
                    return;
                }
                var shared = s.getSharedFrom(); // a case's displaced claim may move with nothing to publish
                Outcome o = supervisor.regrid(s, model, changed);
                if (o.profile() != null || o.move() != null || !o.claims().isEmpty() || s.getSharedFrom() != shared) {
                    moved[0]++;
                    emitter.emit(creditCode, o, side, out);
                    store.store(s);
                }
            });
        }
        reassigned.inc(moved[0]);
        LOG.info("Grid {} in force ({} -> {}): {} units changed, {} enterprises of this subtask assigned again",
                version.getVersion(), older.version(), newer.version(), changed.size(), moved[0]);
    }

    /** A candidate: what it would change, as this instance's share of the impact report. Nothing is modified. */
    private void shadow(RiskRulesVersion candidate, Context ctx) throws Exception {
        RiskModel model = new RiskModel(RulesInForce.parse(candidate));
        ImpactTally tally = new ImpactTally();
        ctx.applyToKeyedState(STATE, (creditCode, st) -> {
            EnterpriseState s = store.load();
            if (s != null && s.getPublished() != null
                    && s.getRegistration().getChange() != RegistrationChange.DEREGISTERED) {
                tally.add(creditCode, s.getPublished(), model.assess(s.getRegistration(), s.getLedger(),
                        s.getRegistrationChanges(), GroupMembership.neighbourhood(s),
                        EnterpriseSupervisor.assessedAsOf(s)));
            }
        });
        ctx.output(IMPACT, new ImpactPartial(tally.toRecord(candidate.getVersion(), rules.version(), Instant.now()),
                candidate.getVersion() + "@" + candidate.getSubmittedAt().toEpochMilli(), subtask(), subtasks()));
        audit(candidate, ctx);
    }

    /** A new version in force: every enterprise is re-scored; a profile goes out only where something changed. */
    private void activate(RiskRulesVersion version, Context ctx, Collector<EnterpriseProfile> out) throws Exception {
        ctx.getBroadcastState(RULES).put(RulesInForce.ACTIVE, version);
        rules.invalidate();
        EnterpriseSupervisor supervisor = rules.supervisor(ctx.getBroadcastState(RULES));
        OutcomeEmitter.SideOutputs side = OutcomeEmitter.sideOutputs(ctx::output);
        long[] changed = {0};
        ctx.applyToKeyedState(STATE, (creditCode, st) -> {
            EnterpriseState s = store.load();
            if (s == null) {
                return;
            }
            Outcome o = supervisor.rescore(s);
            if (o.profile() != null) {
                changed[0]++;
            }
            emitter.emit(creditCode, o, side, out);
            store.store(s); // even unchanged, its assessment's validity is the new rules' now
        });
        LOG.info("Rules {} activated: {} profiles changed in this subtask", version.getVersion(), changed[0]);
        audit(version, ctx);
    }

    /** One audit record per change: every instance receives the broadcast, the first one reports it. */
    private void audit(RiskRulesVersion v, Context ctx) {
        if (subtask() == 0) {
            ctx.output(AUDIT, RulesInForce.audit(v));
        }
    }

    private int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private int subtasks() {
        return getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }
}
