package org.creditgrid.supervision;

import org.apache.flink.api.common.functions.OpenContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import java.nio.charset.StandardCharsets;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.BaseBroadcastProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.internal.Control;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.ImpactPartial;
import org.creditgrid.internal.Membership;
import org.creditgrid.risk.ImpactTally;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.SamplingView;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.claim.AssignSupervisionUnit;
import org.creditgrid.io.DeadLetters;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.schema.GridVersion;
import org.creditgrid.internal.DrawPartial;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.RulesAudit;
import org.creditgrid.schema.RulesState;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.Inspector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-enterprise operator, keyed by credit code: keeps each enterprise's state (registration, claim, ledger,
 * last profile) in RocksDB, publishes its profile changelog, triggers and manual-claim requests. Two things are
 * broadcast to it: the inspector library, sampling plans (it visits every enterprise it holds to draw the plan's joint
 * inspection tasks and staffs them from the library) and
 * risk-rules versions (a CANDIDATE is evaluated in shadow over every enterprise and reported, changing nothing; an
 * ACTIVE one replaces the rules in force and re-scores every enterprise).
 */
public class EnterpriseSupervision
        extends KeyedBroadcastProcessFunction<String, EnterpriseInput, Control, EnterpriseProfile>
        implements CheckpointedFunction {

    private static final Logger LOG = LoggerFactory.getLogger(EnterpriseSupervision.class);

    public static final OutputTag<InspectionTrigger> TRIGGERS =
            new OutputTag<>("inspection-triggers", new AvroTypeInfo<>(InspectionTrigger.class));
    public static final OutputTag<InspectionTask> TASKS =
            new OutputTag<>("inspection-tasks", new AvroTypeInfo<>(InspectionTask.class));
    /** Results of inspections done for drawn tasks, for the publication ("one public", the later part). */
    public static final OutputTag<InspectionPublication> RESULTS =
            new OutputTag<>("inspection-results", new AvroTypeInfo<>(InspectionPublication.class));
    public static final OutputTag<ClaimRequest> CLAIMS =
            new OutputTag<>("claim-requests", new AvroTypeInfo<>(ClaimRequest.class));

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

    /** The rules version in force, under the key {@link #ACTIVE} (absent: the job's default rules file). */
    public static final MapStateDescriptor<String, RiskRulesVersion> RULES =
            new MapStateDescriptor<>("risk-rules", Types.STRING, new AvroTypeInfo<>(RiskRulesVersion.class));
    static final String ACTIVE = "active";

    /** The grid version in force (absent: the job's {@code --grid} file), the same as the claim model's. */
    public static final MapStateDescriptor<String, GridVersion> GRID = AssignSupervisionUnit.GRID;

    public static final OutputTag<ImpactPartial> IMPACT =
            new OutputTag<>("rules-impact-partials", new AvroTypeInfo<>(ImpactPartial.class));
    /** This instance's share of a plan's publication, summed per plan downstream. */
    public static final OutputTag<DrawPartial> PUBLICATIONS =
            new OutputTag<>("draw-partials", new AvroTypeInfo<>(DrawPartial.class));
    public static final OutputTag<RulesAudit> AUDIT =
            new OutputTag<>("rules-audit", new AvroTypeInfo<>(RulesAudit.class));

    static final ValueStateDescriptor<EnterpriseState> STATE =
            new ValueStateDescriptor<>("enterprise", new AvroTypeInfo<>(EnterpriseState.class));

    /**
     * Each enterprise as sampling plans see it, derived from its state after every change, and where its
     * inspections and joint visits are kept: a plan visits these (a small fraction of the bytes) and opens the
     * whole state only of enterprises whose assessment no longer holds at the plan's instant.
     */
    static final ValueStateDescriptor<SamplingView> VIEWS =
            new ValueStateDescriptor<>("sampling-view", new AvroTypeInfo<>(SamplingView.class));

    /**
     * Whether every enterprise in this operator's keyed state has its view: 1 per instance that knows it, 0 per
     * instance that does not (union state, so a rescaled job still knows). State of a build before the views
     * gets them at the first plan.
     */
    private static final ListStateDescriptor<Integer> VIEWS_COMPLETE =
            new ListStateDescriptor<>("sampling-views-complete", Types.INT);

    private final String riskRulesLocation;
    private final String poolRulesLocation;
    private final String claimRulesLocation;
    private final String gridLocation;
    private final String subLibrariesLocation;
    private final EnterpriseSupervisor.Limits limits;
    private final String eventsTopic;
    private final String responsesTopic;
    private final AvroCodec<EnforcementEvent> eventCodec = AvroCodec.of(EnforcementEvent.class);
    private final AvroCodec<ClaimResponse> responseCodec = AvroCodec.of(ClaimResponse.class);

    private transient EnterpriseSupervisor supervisor;
    private transient PoolRules pools;
    private transient ClaimRules claimRules;
    private transient SubLibraries subLibraries;
    private transient Grid fileGrid;
    private transient Counter reassigned;
    private transient RiskModel defaultRisk;
    private transient String activeVersion;
    private transient ValueState<EnterpriseState> state;
    private transient ValueState<SamplingView> views;
    private transient ListState<Integer> viewsComplete;
    private transient boolean allViews;
    private transient Counter profilesOut;
    private transient Counter tasksOut;

    public EnterpriseSupervision(String riskRulesLocation, String poolRulesLocation) {
        this(riskRulesLocation, poolRulesLocation, ClaimRules.DEFAULT_LOCATION, Grid.DEFAULT_LOCATION,
                SubLibraries.DEFAULT_LOCATION, EnterpriseSupervisor.Limits.defaults(),
                "enforcement-events", "claim-responses");
    }

    public EnterpriseSupervision(String riskRulesLocation, String poolRulesLocation, String claimRulesLocation,
                                 String gridLocation, String subLibrariesLocation, EnterpriseSupervisor.Limits limits, String eventsTopic, String responsesTopic) {
        this.riskRulesLocation = riskRulesLocation;
        this.poolRulesLocation = poolRulesLocation;
        this.claimRulesLocation = claimRulesLocation;
        this.gridLocation = gridLocation;
        this.subLibrariesLocation = subLibrariesLocation;
        this.limits = limits;
        this.eventsTopic = eventsTopic;
        this.responsesTopic = responsesTopic;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        pools = PoolRules.load(poolRulesLocation);
        claimRules = ClaimRules.load(claimRulesLocation);
        subLibraries = SubLibraries.load(subLibrariesLocation);
        fileGrid = Grid.load(gridLocation);
        reassigned = getRuntimeContext().getMetricGroup().counter("enterprisesReassigned");
        defaultRisk = new RiskModel(RiskRules.load(riskRulesLocation));
        supervisor = new EnterpriseSupervisor(defaultRisk, pools, claimRules, subLibraries, limits);
        activeVersion = defaultRisk.rules().version();
        state = getRuntimeContext().getState(STATE);
        views = getRuntimeContext().getState(VIEWS);
        profilesOut = getRuntimeContext().getMetricGroup().counter("profilesPublished");
        tasksOut = getRuntimeContext().getMetricGroup().counter("tasksDrawn");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        viewsComplete = context.getOperatorStateStore().getUnionListState(VIEWS_COMPLETE);
        boolean known = false;
        boolean all = true;
        for (Integer instance : viewsComplete.get()) {
            known = true;
            all &= instance == 1;
        }
        allViews = !context.isRestored() || (known && all);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        viewsComplete.update(java.util.List.of(allViews ? 1 : 0));
    }

    @Override
    public void processElement(EnterpriseInput input, ReadOnlyContext ctx, Collector<EnterpriseProfile> out)
            throws Exception {
        useRulesInForce(ctx.getBroadcastState(RULES));
        EnterpriseState s = load();
        if (s == null) {
            s = EnterpriseSupervisor.emptyState();
        }
        publish(ctx.getCurrentKey(), s, supervisor.apply(s, input), ctx.timerService(), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnterpriseProfile> out) throws Exception {
        EnterpriseState s = load();
        if (s == null || s.getTimer() != timestamp) {
            return; // a timer the state no longer wants
        }
        s.setTimer(0);
        useRulesInForce(ctx.getBroadcastState(RULES));
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
        for (ResultPublication r : outcome.results()) {
            ctx.output(RESULTS, new InspectionPublication(null, r));
        }
        for (Membership m : outcome.memberships()) {
            ctx.output(NETWORK, m);
        }
        for (EnforcementEvent e : outcome.unknown()) {
            ctx.output(DEAD_LETTERS, DeadLetters.reencoded(eventsTopic, e.getEventTime().toEpochMilli(),
                    org.creditgrid.io.Rejection.UNKNOWN_ENTERPRISE, "no registration for " + creditCode + " within the pending limits ("
                            + limits.maxPending() + " events, " + limits.pendingTimeoutMs() / 86_400_000L + " days)",
                    creditCode, eventCodec.encode(e)));
        }
        for (EnterpriseSupervisor.Inapplicable i : outcome.inapplicable()) {
            ClaimResponse r = i.response();
            ctx.output(DEAD_LETTERS, DeadLetters.reencoded(responsesTopic, r.getEventTime().toEpochMilli(),
                    org.creditgrid.io.Rejection.CLAIM_RESPONSE_NOT_APPLICABLE, "response " + r.getResponseId() + " of unit " + r.getUnitId()
                            + " to case " + r.getRequestId() + ": " + i.detail(),
                    creditCode, responseCodec.encode(r)));
        }
        if (s.getTimer() != 0 && (outcome.clear() || s.getTimer() != outcome.wakeUp())) {
            timers.deleteEventTimeTimer(s.getTimer());
            s.setTimer(0);
        }
        if (outcome.clear()) {
            state.clear();
            views.clear();
            if (outcome.tombstone()) {
                ctx.output(TOMBSTONES, creditCode);
            }
            return;
        }
        if (s.getTimer() == 0 && outcome.wakeUp() != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(outcome.wakeUp());
            s.setTimer(outcome.wakeUp());
        }
        store(s);
    }

    /** The enterprise of the current key, with the inspections and visits its view keeps; null if none. */
    private EnterpriseState load() throws IOException {
        EnterpriseState s = state.value();
        return s == null ? null : withView(s, views.value());
    }

    /** {@code s} with the inspections and visits of its view {@code v}, if it has one. */
    private static EnterpriseState withView(EnterpriseState s, SamplingView v) {
        if (v != null) {
            s.setInspections(v.getInspections());
            s.setVisits(v.getVisits());
        }
        return s;
    }

    /**
     * Stores the enterprise of the current key ({@code s} is not to be used after): its view, with its inspections
     * and visits, and the rest of its state. An enterprise without a view keeps them in its state.
     */
    private void store(EnterpriseState s) throws IOException {
        SamplingView v = EnterpriseSupervisor.viewOf(s);
        if (v == null) {
            views.clear();
        } else {
            views.update(v);
            s.setInspections(new java.util.ArrayList<>());
            s.setVisits(new java.util.ArrayList<>());
        }
        state.update(s);
    }

    /** After a restore, the broadcast state says which rules are in force; rebuild the model if it differs. */
    private void useRulesInForce(ReadOnlyBroadcastState<String, RiskRulesVersion> rules) throws Exception {
        RiskRulesVersion active = rules.get(ACTIVE);
        String wanted = active == null ? defaultRisk.rules().version() : active.getVersion();
        if (!wanted.equals(activeVersion)) {
            RiskModel model = defaultRisk;
            if (active != null) {
                try {
                    model = new RiskModel(parse(active));
                } catch (IOException e) {
                    // A version accepted by an earlier build that this build's validation refuses: failing here would
                    // fail every record after a restore, for ever. The default rules stand in, loudly.
                    LOG.error("Risk rules {} in force (from the restored state) no longer load: {}. Using the job's"
                            + " default rules {} until a valid version is activated.", wanted, e.getMessage(),
                            defaultRisk.rules().version());
                }
            }
            supervisor = new EnterpriseSupervisor(model, pools, claimRules, subLibraries, limits);
            activeVersion = wanted;
        }
    }

    private static RiskRules parse(RiskRulesVersion v) throws IOException {
        return RiskRules.parse(new ByteArrayInputStream(v.getRulesJson().getBytes(StandardCharsets.UTF_8)),
                "version " + v.getVersion());
    }

    @Override
    public void processBroadcastElement(Control control, Context ctx, Collector<EnterpriseProfile> out)
            throws Exception {
        useRulesInForce(ctx.getBroadcastState(RULES));
        if (control.getInspector() != null) {
            Inspector i = control.getInspector();
            ctx.getBroadcastState(INSPECTORS).put(i.getInspectorId(), i); // a changelog: the latest record wins
        } else if (control.getGrid() != null) {
            regrid(control.getGrid(), ctx, out);
        } else if (control.getPlan() != null) {
            draw(control.getPlan(), ctx);
        } else if (control.getRules().getState() == RulesState.CANDIDATE) {
            shadow(control.getRules(), ctx);
        } else {
            activate(control.getRules(), ctx, out);
        }
    }

    private void draw(SamplingPlan plan, Context ctx) throws Exception {
        BroadcastState<String, SamplingPlan> plans = ctx.getBroadcastState(PLANS);
        if (plans.contains(plan.getPlanId())) {
            LOG.info("Sampling plan {} was already drawn; ignoring the redelivery", plan.getPlanId());
            return;
        }
        plans.put(plan.getPlanId(), plan);
        long[] drawn = {0};
        DrawTally tally = new DrawTally();
        java.util.List<Inspector> library = new java.util.ArrayList<>();
        ctx.getBroadcastState(INSPECTORS).immutableEntries().forEach(e -> library.add(e.getValue()));
        InspectorLibrary inspectors = InspectorLibrary.of(library);
        if (!allViews) {
            buildViews(ctx);
        }
        // Each parallel instance visits the enterprises of its own key groups; together they cover all of them.
        // The views suffice, but where an assessment no longer holds at the plan's instant (time passed it, and
        // the watermark has not yet: its timer has not fired) the whole state is assessed again.
        long[] opened = {0};
        ctx.applyToKeyedState(VIEWS, (creditCode, vs) -> {
            SamplingView v = vs.value();
            if (v == null) {
                return;
            }
            EnterpriseSupervisor.Draw d;
            if (EnterpriseSupervisor.holds(v, plan)) {
                d = supervisor.draw(v, creditCode, plan, inspectors);
                if (d.task() != null) {
                    vs.update(v); // remembers the items, for the exclusion in later plans
                }
            } else {
                opened[0]++;
                EnterpriseState s = withView(state.value(), v); // the view is read already
                d = supervisor.drawFor(s, plan, inspectors);
                if (d.task() != null) {
                    store(s);
                }
            }
            if (d.task() != null) {
                drawn[0]++;
                ctx.output(TASKS, d.task());
            }
            tally.add(d, creditCode);
        });
        tasksOut.inc(drawn[0]);
        ctx.output(PUBLICATIONS, new DrawPartial(tally.toRecord(plan, inspectors),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks()));
        LOG.info("Sampling plan {} drew {} tasks in this subtask ({} enterprises assessed from their whole state)",
                plan.getPlanId(), drawn[0], opened[0]);
    }

    /**
     * Restored from a build that kept no views: derives every enterprise's view from its state, once (moving its
     * inspections and visits there).
     */
    private void buildViews(Context ctx) throws Exception {
        long[] built = {0};
        ctx.applyToKeyedState(STATE, (creditCode, st) -> {
            EnterpriseState s = load();
            if (s != null) {
                built[0]++;
                store(s);
            }
        });
        allViews = true;
        LOG.info("Derived the sampling views of {} enterprises of this subtask from their state", built[0]);
    }

    /**
     * A new grid: from now on the claim model uses it, and only the enterprises in units it changes are assigned
     * again (an unchanged polygon cannot move a point out of it). Cases it opens get their deadline timer at the
     * enterprise's next input or timer: the broadcast side cannot set per-key timers.
     */
    private void regrid(GridVersion version, Context ctx, Collector<EnterpriseProfile> out) throws Exception {
        BroadcastState<String, GridVersion> grids = ctx.getBroadcastState(GRID);
        GridVersion previous = grids.get(ACTIVE);
        if (previous != null && previous.getVersion().equals(version.getVersion())
                && previous.getGeojson().equals(version.getGeojson())) {
            LOG.info("Grid {} is already in force; ignoring the redelivery", version.getVersion());
            return;
        }
        Grid older = previous == null ? fileGrid : Grid.of(previous);
        Grid newer = Grid.of(version);
        grids.put(ACTIVE, version);
        java.util.Set<String> changed = older.changedUnits(newer);
        ClaimModel model = new ClaimModel(newer);
        long[] moved = {0};
        if (!changed.isEmpty()) {
            ctx.applyToKeyedState(STATE, (creditCode, st) -> {
                EnterpriseState s = load();
                if (s == null) {
                    return;
                }
                EnterpriseSupervisor.Outcome o = supervisor.regrid(s, model, changed);
                if (o.profile() == null && o.claims().isEmpty()) {
                    return;
                }
                moved[0]++;
                if (o.profile() != null) {
                    profilesOut.inc();
                    out.collect(o.profile());
                }
                o.triggers().forEach(t -> ctx.output(TRIGGERS, t));
                o.claims().forEach(c -> ctx.output(CLAIMS, c));
                o.memberships().forEach(m -> ctx.output(NETWORK, m));
                store(s);
            });
        }
        reassigned.inc(moved[0]);
        LOG.info("Grid {} in force ({} -> {}): {} units changed, {} enterprises of this subtask assigned again",
                version.getVersion(), older.version(), newer.version(), changed.size(), moved[0]);
    }

    /** A candidate: what it would change, as this instance's share of the impact report. Nothing is modified. */
    private void shadow(RiskRulesVersion candidate, Context ctx) throws Exception {
        RiskModel model = new RiskModel(parse(candidate));
        ImpactTally tally = new ImpactTally();
        ctx.applyToKeyedState(STATE, (creditCode, st) -> {
            EnterpriseState s = st.value();
            if (s != null && s.getProfile() != null && s.getRegistration().getChange() != RegistrationChange.DEREGISTERED) {
                tally.add(s.getProfile(), model.assess(s.getRegistration(), s.getLedger(),
                        s.getRegistrationChanges(), EnterpriseSupervisor.neighbourhood(s),
                        s.getProfile().getEventTime().toEpochMilli()));
            }
        });
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        ctx.output(IMPACT, new ImpactPartial(tally.toRecord(candidate.getVersion(), activeVersion, Instant.now()),
                candidate.getVersion() + "@" + candidate.getSubmittedAt().toEpochMilli(), subtask,
                getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks()));
        audit(candidate, subtask, ctx);
    }

    /** A new version in force: every enterprise is re-scored; a profile goes out only where something changed. */
    private void activate(RiskRulesVersion version, Context ctx, Collector<EnterpriseProfile> out) throws Exception {
        ctx.getBroadcastState(RULES).put(ACTIVE, version);
        activeVersion = null; // rebuild even if a version of that name was in force before
        useRulesInForce(ctx.getBroadcastState(RULES));
        long[] changed = {0};
        ctx.applyToKeyedState(STATE, (creditCode, st) -> {
            EnterpriseState s = load();
            if (s == null) {
                return;
            }
            EnterpriseSupervisor.Outcome o = supervisor.rescore(s);
            if (o.profile() != null) {
                changed[0]++;
                profilesOut.inc();
                out.collect(o.profile());
                o.triggers().forEach(t -> ctx.output(TRIGGERS, t));
            }
            o.memberships().forEach(m -> ctx.output(NETWORK, m));
            store(s); // even unchanged, its assessment's validity is the new rules' now
        });
        LOG.info("Rules {} activated: {} profiles changed in this subtask", version.getVersion(), changed[0]);
        audit(version, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), ctx);
    }

    /** One audit record per change: every instance receives the broadcast, the first one reports it. */
    private static void audit(RiskRulesVersion v, int subtask, Context ctx) throws Exception {
        if (subtask == 0) {
            ctx.output(AUDIT, new RulesAudit(v.getVersion(), sha256(v.getRulesJson()), v.getState(),
                    v.getSubmittedBy(), v.getSubmittedAt(), Instant.now()));
        }
    }

    static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
