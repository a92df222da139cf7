package org.creditgrid.pipeline;

import java.util.List;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.creditgrid.claim.AssignSupervisionUnit;
import org.creditgrid.claim.GridInForce;
import org.creditgrid.claim.ResolveClaimUnit;
import org.creditgrid.claim.StandardAddressMatch;
import org.creditgrid.internal.Control;
import org.creditgrid.followup.InspectionFollowUp;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.FollowUp;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.internal.ImpactPartial;
import org.creditgrid.internal.Membership;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.internal.RawRecord;
import org.creditgrid.io.DecodeAndValidate;
import org.creditgrid.io.Rejection;
import org.creditgrid.metrics.DomainMetrics;
import org.creditgrid.metrics.LabelledCounters;
import org.creditgrid.metrics.Metered;
import org.creditgrid.validation.InputValidation;
import org.creditgrid.network.AddressMemberships;
import org.creditgrid.network.SharedGroups;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.supervision.DrawPublicationReport;
import org.creditgrid.supervision.SubLibraries;
import org.creditgrid.schema.GridVersion;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.RulesAudit;
import org.creditgrid.schema.RulesImpact;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.StandardAddress;
import org.creditgrid.schema.UnitStatistics;
import org.creditgrid.statistics.ClaimCaseCount;
import org.creditgrid.statistics.StatisticsDeltas;
import org.creditgrid.statistics.UnitStatisticsFunction;
import org.creditgrid.supervision.RulesImpactReport;
import org.creditgrid.supervision.EnterpriseSupervision;

/**
 * The CreditGrid dataflow, in one place. It names no concrete source or sink: {@link Inputs} hands it raw records
 * and {@link Outputs} takes what it publishes, so the same graph runs on Kafka in production and in the demo, and on
 * whatever a test supplies.
 *
 * <pre>
 * registrations --decode+validate--> assign supervision unit -+-> keyBy(address) ⋈ standard addresses ---------+
 *                                                              +-> keyBy(credit code) address memberships --+   |
 * network (own feedback: legal representatives) --decode--------------------------------------------------+   |
 *                             keyBy(group) shared groups (addresses, representatives) --> group signals <--+   |
 * claim history, claim responses --decode+validate--> resolve claimed unit -------------------------+         |
 * enforcement events --decode+validate--------------------------------------------------------------+         |
 *                  all of them, as enterprise input --> keyBy(credit code) --> enterprise supervision <---------+
 *                  plans, rules, grids, inspectors --decode+validate--> broadcast --^      |
 *   profiles / triggers / tasks / claim requests / rules impact (summed per version) / rules audit / publications
 *   drawn tasks, results, trigger facts --> keyBy(credit code) --> task follow-up --> overdue triggers, results
 *   legal-representative joins and flags --> network topic (read back above)
 *   profile moves, triggers, tasks, results, claim cases (keyBy(case): open where) --> keyBy(unit / district /
 *   city) --> unit statistics
 *   dead letters <-- every decode+validate (counted by topic and reason on the way)
 * </pre>
 */
public final class CreditGridPipeline {

    /** Raw input records; each stream must carry its own {@code .uid()}. */
    public interface Inputs {
        DataStream<RawRecord> registrations(StreamExecutionEnvironment env);

        DataStream<RawRecord> events(StreamExecutionEnvironment env);

        DataStream<RawRecord> plans(StreamExecutionEnvironment env);

        DataStream<RawRecord> riskRules(StreamExecutionEnvironment env);

        /** New grids of supervision units (commands). */
        DataStream<RawRecord> gridUnits(StreamExecutionEnvironment env);

        /** The inspector library ("two libraries"), a changelog keyed by inspector id. */
        DataStream<RawRecord> inspectors(StreamExecutionEnvironment env);

        /** The standard address database (四标四实), a changelog. */
        DataStream<RawRecord> standardAddresses(StreamExecutionEnvironment env);

        /** Historical claims, the third evidence of the claim model. */
        DataStream<RawRecord> claimHistory(StreamExecutionEnvironment env);

        /** Units' answers to manual-claim cases. */
        DataStream<RawRecord> claimResponses(StreamExecutionEnvironment env);

        /** What {@link Outputs#network()} published, read back (the job's own feedback). */
        DataStream<RawRecord> network(StreamExecutionEnvironment env);
    }

    /** Where each output goes. */
    public interface Outputs {
        Sink<EnterpriseProfile> profiles();

        Sink<InspectionTrigger> triggers();

        Sink<InspectionTask> tasks();

        Sink<ClaimRequest> claims();

        Sink<DeadLetter> deadLetters();

        /** Null values for the profile topic, keyed by credit code, when an enterprise's state ends. */
        Sink<String> profileTombstones();

        Sink<RulesImpact> rulesImpact();

        Sink<RulesAudit> rulesAudit();

        /** What each plan drew, with its provenance, and the results of the drawn inspections ("one public"). */
        Sink<InspectionPublication> publications();

        /** Group changes, to be read back by {@link Inputs#network}. */
        Sink<Membership> network();

        /** The figures of each unit, district and the city, a changelog keyed by id. */
        Sink<UnitStatistics> unitStatistics();
    }

    /** The least processing time between two records of one unit's statistics. */
    static final java.time.Duration STATISTICS_INTERVAL = java.time.Duration.ofSeconds(2);

    private CreditGridPipeline() {}

    public static void define(StreamExecutionEnvironment env, CreditGridConfig config, Inputs in, Outputs out) {
        LabelledCounters.Labels labels = new LabelledCounters.Labels(java.util.Set.copyOf(config.topics().all()),
                Rejection.reasons());
        SingleOutputStreamOperator<EnterpriseRegistration> registrations = in.registrations(env)
                .process(new DecodeAndValidate<>(EnterpriseRegistration.class, InputValidation::registration, labels))
                .returns(new AvroTypeInfo<>(EnterpriseRegistration.class))
                .uid("decode-registrations").name("Decode and validate registrations");
        SingleOutputStreamOperator<EnforcementEvent> events = in.events(env)
                .process(new DecodeAndValidate<>(EnforcementEvent.class, InputValidation::event, labels))
                .returns(new AvroTypeInfo<>(EnforcementEvent.class))
                .uid("decode-events").name("Decode and validate enforcement events");
        SingleOutputStreamOperator<SamplingPlan> plans = in.plans(env)
                .process(new DecodeAndValidate<>(SamplingPlan.class, planValidator(config), labels))
                .returns(new AvroTypeInfo<>(SamplingPlan.class))
                .uid("decode-plans").name("Decode and validate sampling plans");

        SingleOutputStreamOperator<RiskRulesVersion> rules = in.riskRules(env)
                .process(new DecodeAndValidate<>(RiskRulesVersion.class, InputValidation::rules, labels))
                .returns(new AvroTypeInfo<>(RiskRulesVersion.class))
                .uid("decode-risk-rules").name("Decode and validate risk-rules versions");

        SingleOutputStreamOperator<GridVersion> grids = in.gridUnits(env)
                .process(new DecodeAndValidate<>(GridVersion.class, InputValidation::grid, labels))
                .returns(new AvroTypeInfo<>(GridVersion.class))
                .uid("decode-grid-units").name("Decode and validate grid versions");

        SingleOutputStreamOperator<Inspector> inspectors = in.inspectors(env)
                .process(new DecodeAndValidate<>(Inspector.class, InputValidation::inspector, labels))
                .returns(new AvroTypeInfo<>(Inspector.class))
                .uid("decode-inspectors").name("Decode and validate inspectors");

        SingleOutputStreamOperator<StandardAddress> standardAddresses = in.standardAddresses(env)
                .process(new DecodeAndValidate<>(StandardAddress.class, InputValidation::standardAddress, labels))
                .returns(new AvroTypeInfo<>(StandardAddress.class))
                .uid("decode-standard-addresses").name("Decode and validate standard addresses");
        // One grid in force everywhere units are resolved: the --grid file until a version arrives on grid-units.
        SingleOutputStreamOperator<EnterpriseInput> assigned = registrations
                .connect(grids.broadcast(GridInForce.GRID))
                .process(new AssignSupervisionUnit(config.gridLocation()))
                .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                .uid("assign-supervision-unit").name("Assign supervision unit (claim model)");
        DataStream<EnterpriseInput> claimed = assigned
                .union(standardAddresses.map(StandardAddressMatch::asInput)
                        .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                        .uid("standard-addresses-as-input").name("Standard addresses as join input"))
                .keyBy(EnterpriseInput::getAddressKey)
                .connect(grids.broadcast(GridInForce.GRID))
                .process(new StandardAddressMatch(config.gridLocation()))
                .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                .uid("standard-address-match").name("Match the standard address database (claim model)");
        // Historical claims and units' answers to manual-claim cases name a unit: resolved against the grid here.
        SingleOutputStreamOperator<ClaimHistory> history = in.claimHistory(env)
                .process(new DecodeAndValidate<>(ClaimHistory.class, InputValidation::claimHistory, labels))
                .returns(new AvroTypeInfo<>(ClaimHistory.class))
                .uid("decode-claim-history").name("Decode and validate claim history");
        SingleOutputStreamOperator<ClaimResponse> responses = in.claimResponses(env)
                .process(new DecodeAndValidate<>(ClaimResponse.class, InputValidation::claimResponse, labels))
                .returns(new AvroTypeInfo<>(ClaimResponse.class))
                .uid("decode-claim-responses").name("Decode and validate claim responses");
        SingleOutputStreamOperator<EnterpriseInput> unitClaims = history
                .map(h -> EnterpriseInput.newBuilder().setHistory(h).setRegistration(null).setClaim(null).build())
                .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                .uid("history-as-enterprise-input").name("Claim history as enterprise input")
                .union(responses
                        .map(r -> EnterpriseInput.newBuilder().setResponse(r).setRegistration(null).setClaim(null)
                                .build())
                        .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                        .uid("responses-as-enterprise-input").name("Claim responses as enterprise input"))
                .connect(grids.broadcast(GridInForce.GRID))
                .process(new ResolveClaimUnit(config.gridLocation(), config.topics().claimHistory(),
                        config.topics().claimResponses()))
                .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                .uid("resolve-claim-unit").name("Resolve claimed units (claim model)");
        DataStream<EnterpriseInput> enforcement = events
                .map(e -> EnterpriseInput.newBuilder().setEvent(e).setRegistration(null).setClaim(null).build())
                .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                .uid("events-as-enterprise-input").name("Events as enterprise input");
        BroadcastStream<Control> control = plans
                .map(p -> Control.newBuilder().setPlan(p).setRules(null).build())
                .returns(new AvroTypeInfo<>(Control.class))
                .uid("plans-as-control").name("Plans as control")
                .union(rules.map(r -> Control.newBuilder().setPlan(null).setRules(r).build())
                        .returns(new AvroTypeInfo<>(Control.class))
                        .uid("rules-as-control").name("Rules as control"),
                        grids.map(g -> Control.newBuilder().setPlan(null).setRules(null).setGrid(g).build())
                        .returns(new AvroTypeInfo<>(Control.class))
                        .uid("grids-as-control").name("Grids as control"),
                        inspectors.map(i -> Control.newBuilder().setPlan(null).setRules(null).setInspector(i).build())
                        .returns(new AvroTypeInfo<>(Control.class))
                        .uid("inspectors-as-control").name("Inspectors as control"))
                .broadcast(EnterpriseSupervision.PLANS, EnterpriseSupervision.RULES, EnterpriseSupervision.GRID,
                        EnterpriseSupervision.INSPECTORS);

        // Legal representatives: the enterprise operator publishes its joins and flag (which depends on its class);
        // they come back through the job's feedback topic (Flink 2 has no in-job iterations).
        SingleOutputStreamOperator<Membership> memberships = in.network(env)
                .process(new DecodeAndValidate<>(Membership.class, m -> java.util.Optional.empty(), labels))
                .returns(new AvroTypeInfo<>(Membership.class))
                .uid("decode-network").name("Decode group changes");
        // Who shares an address depends on registrations alone: those groups are fed forward, not through the topic.
        DataStream<Membership> addressMemberships = assigned
                .keyBy(CreditGridPipeline::creditCode)
                .process(new AddressMemberships())
                .returns(new AvroTypeInfo<>(Membership.class))
                .uid("address-memberships").name("Address-group joins and leaves (from registrations)");
        DataStream<EnterpriseInput> signals = memberships
                .union(addressMemberships)
                .keyBy(Membership::getGroup)
                .process(new SharedGroups())
                .returns(new AvroTypeInfo<>(GroupSignal.class))
                .uid("shared-groups").name("Shared addresses and legal representatives")
                .map(s -> EnterpriseInput.newBuilder().setSignal(s).setRegistration(null).setClaim(null).build())
                .returns(new AvroTypeInfo<>(EnterpriseInput.class))
                .uid("signals-as-enterprise-input").name("Group signals as enterprise input");

        SingleOutputStreamOperator<EnterpriseProfile> profiles = claimed.union(enforcement, signals, unitClaims)
                .keyBy(CreditGridPipeline::creditCode)
                .connect(control)
                .process(new EnterpriseSupervision(config.riskRulesLocation(), config.poolRulesLocation(),
                        config.claimRulesLocation(), config.gridLocation(), config.subLibrariesLocation(), config.limits(), config.topics().events(),
                        config.topics().claimResponses()))
                .returns(new AvroTypeInfo<>(EnterpriseProfile.class))
                .uid("enterprise-supervision").name("Enterprise supervision (risk, pools, triggers, draws)");

        profiles.sinkTo(out.profiles()).uid("sink-profiles").name("Publish enterprise profiles");
        // The draw runs on the broadcast side, which cannot set per-key timers: the tasks go forward, keyed, to the
        // follow-up, on one side output with the results and facts of the same enterprise (so in order).
        SingleOutputStreamOperator<InspectionTrigger> overdue = profiles.getSideOutput(EnterpriseSupervision.FOLLOW_UPS)
                .keyBy(FollowUp::getCreditCode)
                .process(new InspectionFollowUp())
                .returns(new AvroTypeInfo<>(InspectionTrigger.class))
                .uid("task-follow-up").name("Task follow-up (deadlines, results, overdue)");
        DataStream<InspectionTrigger> triggers = profiles.getSideOutput(EnterpriseSupervision.TRIGGERS).union(overdue);
        triggers.sinkTo(out.triggers()).uid("sink-triggers").name("Publish inspection triggers");
        profiles.getSideOutput(EnterpriseSupervision.TASKS)
                .sinkTo(out.tasks()).uid("sink-tasks").name("Publish inspection tasks");
        profiles.getSideOutput(EnterpriseSupervision.CLAIMS)
                .sinkTo(out.claims()).uid("sink-claims").name("Publish manual-claim requests");
        // The unit statistics: what each output adds to its unit's, district's and the city's figures, fed forward.
        // The same maps count the domain metrics (DomainMetrics): each output is counted once, where it is final.
        statistics(profiles.getSideOutput(EnterpriseSupervision.MOVES), StatisticsDeltas::of, DomainMetrics::move,
                labels, "moves")
                .union(statistics(triggers, StatisticsDeltas::of, DomainMetrics::trigger, labels, "triggers"),
                        statistics(profiles.getSideOutput(EnterpriseSupervision.TASKS), StatisticsDeltas::of,
                                DomainMetrics::task, labels, "tasks"),
                        statistics(overdue.getSideOutput(InspectionFollowUp.RESULTS), StatisticsDeltas::of,
                                DomainMetrics::publication, labels, "results"),
                        profiles.getSideOutput(EnterpriseSupervision.CLAIMS)
                                .keyBy(ClaimRequest::getRequestId)
                                .process(new ClaimCaseCount())
                                .returns(new AvroTypeInfo<>(StatisticsDelta.class))
                                .uid("claim-case-count").name("Unit statistics of claim cases (open per district)"))
                .keyBy(StatisticsDelta::getId)
                .process(new UnitStatisticsFunction(STATISTICS_INTERVAL))
                .returns(new AvroTypeInfo<>(UnitStatistics.class))
                .uid("unit-statistics").name("Unit statistics (units, districts, city)")
                .sinkTo(out.unitStatistics()).uid("sink-unit-stats").name("Publish unit statistics");
        profiles.getSideOutput(EnterpriseSupervision.IMPACT)
                .keyBy(ImpactPartial::getSubmission)
                .process(new RulesImpactReport())
                .returns(new AvroTypeInfo<>(RulesImpact.class))
                .uid("rules-impact-report").name("Rules impact report")
                .sinkTo(out.rulesImpact()).uid("sink-rules-impact").name("Publish rules impact");
        profiles.getSideOutput(EnterpriseSupervision.PUBLICATIONS)
                .keyBy(p -> p.getPublication().getPlanId())
                .process(new DrawPublicationReport())
                .returns(new AvroTypeInfo<>(InspectionPublication.class))
                .uid("draw-publication-report").name("Draw publication (one public)")
                .union(overdue.getSideOutput(InspectionFollowUp.RESULTS))
                .sinkTo(out.publications()).uid("sink-publications").name("Publish draws and inspection results");
        profiles.getSideOutput(EnterpriseSupervision.AUDIT)
                .sinkTo(out.rulesAudit()).uid("sink-rules-audit").name("Publish rules audit");
        profiles.getSideOutput(EnterpriseSupervision.NETWORK)
                .sinkTo(out.network()).uid("sink-network").name("Publish group changes (feedback)");
        profiles.getSideOutput(EnterpriseSupervision.TOMBSTONES)
                .sinkTo(out.profileTombstones()).uid("sink-profile-tombstones").name("Publish profile tombstones");
        registrations.getSideOutput(DecodeAndValidate.DEAD_LETTERS)
                .union(events.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        plans.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        rules.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        grids.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        inspectors.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        standardAddresses.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        history.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        responses.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        unitClaims.getSideOutput(ResolveClaimUnit.DEAD_LETTERS),
                        memberships.getSideOutput(DecodeAndValidate.DEAD_LETTERS),
                        profiles.getSideOutput(EnterpriseSupervision.DEAD_LETTERS))
                .flatMap(Metered.tap(DomainMetrics::deadLetter, labels))
                .returns(new AvroTypeInfo<>(DeadLetter.class))
                .uid("count-dead-letters").name("Count dead letters (metrics)")
                .sinkTo(out.deadLetters()).uid("sink-dead-letters").name("Publish dead letters");
    }

    /**
     * One output's additions to the unit statistics ({@code <what>-as-statistics}, a stateless map), counted in the
     * domain metrics on the way.
     */
    private static <T> DataStream<StatisticsDelta> statistics(DataStream<T> output,
                                                              MapFunction<T, List<StatisticsDelta>> deltas,
                                                              DomainMetrics.Meter<T> meter,
                                                              LabelledCounters.Labels labels, String what) {
        return output.flatMap(new Metered<>(meter,
                        (T record, Collector<StatisticsDelta> c) -> deltas.map(record).forEach(c::collect), labels))
                .returns(new AvroTypeInfo<>(StatisticsDelta.class))
                .uid(what + "-as-statistics").name("Unit statistics of " + what);
    }

    /** Plans are checked against the sub-library catalogue the job runs with (read once, here). */
    private static org.creditgrid.io.Validator<SamplingPlan> planValidator(CreditGridConfig config) {
        java.util.Set<String> known;
        try {
            known = new java.util.HashSet<>(SubLibraries.load(config.subLibrariesLocation()).ids());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p -> InputValidation.plan(p, known);
    }

    static String creditCode(EnterpriseInput input) {
        if (input.getRegistration() != null) {
            return input.getRegistration().getCreditCode();
        }
        if (input.getEvent() != null) {
            return input.getEvent().getCreditCode();
        }
        if (input.getHistory() != null) {
            return input.getHistory().getCreditCode();
        }
        if (input.getVerdict() != null) {
            return input.getVerdict().getCreditCode();
        }
        return input.getResponse() != null ? input.getResponse().getCreditCode() : input.getSignal().getMember();
    }
}
