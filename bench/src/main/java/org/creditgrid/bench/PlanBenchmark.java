package org.creditgrid.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.claim.GridUnit;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.internal.Control;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.local.DefaultPlans;
import org.creditgrid.local.generate.InspectorRoster;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EntityType;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.supervision.EnterpriseSupervision;
import org.creditgrid.supervision.EnterpriseSupervisor;
import org.creditgrid.supervision.SubLibraries;
import org.creditgrid.supervision.PoolRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sampling plan executed over every enterprise in state, as the job does it: the real enterprise operator with
 * RocksDB keyed state, two parallel instances (subtasks 0 and 1 of 2, max parallelism 128) on two threads — the
 * job's topology on this 2-core machine. The set-up registers {@code entities} enterprises through the operator (so
 * the state is what the job keeps: registration, claim, profile, groups) and broadcasts the demo's inspector
 * library; each measured iteration broadcasts a new joint plan (three checks of two departments, Yuexiu ratios) to
 * both instances at once and ends when both have visited all their keys: draw, exclusion, staffing, state update of
 * the drawn, tasks emitted.
 *
 * <p>Not in the figure: the set-up, Kafka, and checkpointing. Run with
 * {@code ./local-cluster/creditgrid bench PlanBenchmark -p entities=1000000}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx12g"})
public class PlanBenchmark {

    static final int PARALLELISM = 2;
    static final int MAX_PARALLELISM = 128;
    static final String[] INDUSTRIES = {"F5261", "H6210", "F5123", "I6510", "L7212", "E4710", "C1391", "F5281",
        "H6231", "M7320", "O8010", "C3311"};

    @Param({"1000000"})
    public int entities;

    /** RocksDB bloom filters: every point lookup of the visit otherwise searches each recent L0 file. */
    @Param({"true"})
    public boolean bloomFilter;

    /**
     * The watermark at each plan's instant before it arrives, as in the running job (untimed). Off, the
     * enterprises whose assessment lapsed since their registration are assessed from their whole state.
     */
    @Param({"true"})
    public boolean watermark;

    /**
     * Two-level index and filter blocks (the job's setting): a point lookup then loads a 4 KB partition of an SST
     * file's index instead of the whole index, which a small block cache evicts between lookups.
     */
    @Param({"true"})
    public boolean partitionedIndexFilters;

    /** RocksDB memory per instance (block cache and write buffers): a slot of the demo's task manager. */
    @Param({"128m"})
    public String memoryPerSlot;

    private final List<KeyedBroadcastOperatorTestHarness<String, EnterpriseInput, Control, EnterpriseProfile>>
            instances = new ArrayList<>();
    private ExecutorService threads;
    private int plans;
    private long lastTasks;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        threads = Executors.newFixedThreadPool(PARALLELISM);
        Grid grid = Grid.load(Grid.DEFAULT_LOCATION);
        ClaimModel claims = new ClaimModel(grid);
        for (int i = 0; i < PARALLELISM; i++) {
            var h = new KeyedBroadcastOperatorTestHarness<>(
                    new CoBroadcastWithKeyedOperator<>(
                            new EnterpriseSupervision(RiskRules.DEFAULT_LOCATION, PoolRules.DEFAULT_LOCATION,
                                    ClaimRules.DEFAULT_LOCATION, Grid.DEFAULT_LOCATION, SubLibraries.DEFAULT_LOCATION,
                                    EnterpriseSupervisor.Limits.defaults(), Topics.defaults().events(),
                                    Topics.defaults().claimResponses()),
                            List.of(EnterpriseSupervision.PLANS, EnterpriseSupervision.RULES,
                                    EnterpriseSupervision.GRID, EnterpriseSupervision.INSPECTORS)),
                    (EnterpriseInput in) -> in.getRegistration().getCreditCode(), Types.STRING,
                    MAX_PARALLELISM, PARALLELISM, i);
            // The harness has no managed memory to speak of: give each instance what a slot of the demo's
            // task manager has (256 MB managed, two slots), or RocksDB stalls on tiny memtables.
            Configuration options = new Configuration();
            options.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, bloomFilter);
            options.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, partitionedIndexFilters);
            EmbeddedRocksDBStateBackend rocksdb = new EmbeddedRocksDBStateBackend(true)
                    .configure(options, getClass().getClassLoader());
            rocksdb.getMemoryConfiguration().setFixedMemoryPerSlot(memoryPerSlot);
            h.setStateBackend(rocksdb);
            h.open();
            instances.add(h);
        }
        // Each instance registers the enterprises of its own key groups, both at once.
        List<Future<?>> loading = new ArrayList<>();
        for (int i = 0; i < PARALLELISM; i++) {
            int subtask = i;
            loading.add(threads.submit(() -> {
                register(subtask, grid, claims);
                return null;
            }));
        }
        for (Future<?> f : loading) {
            f.get();
        }
        Map<String, String> units = new HashMap<>();
        List<Inspector> roster = InspectorRoster.of(grid.units(), units, 2026, 7);
        for (var h : instances) {
            for (Inspector inspector : roster) {
                h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setInspector(inspector).build(), 0));
            }
        }
    }

    private void register(int subtask, Grid grid, ClaimModel claims) throws Exception {
        var h = instances.get(subtask);
        List<GridUnit> units = grid.units();
        Instant at = Instant.parse("2026-01-05T00:00:00Z");
        for (int n = 0; n < entities; n++) {
            String code = CreditCode.withCheckCharacter(String.format("91440106MA%07d", n));
            if (org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(
                    code, MAX_PARALLELISM, PARALLELISM) != subtask) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(n);
            GridUnit unit = units.get(random.nextInt(units.size()));
            double[] p = grid.randomPointIn(unit.unitId(), random);
            String industry = INDUSTRIES[random.nextInt(INDUSTRIES.length)];
            EnterpriseRegistration r = EnterpriseRegistration.newBuilder()
                    .setEventId(code + "-R0").setCreditCode(code).setChange(RegistrationChange.ESTABLISHED)
                    .setChangedFields(new ArrayList<>()).setEventTime(at).setName("广州市" + n + "有限公司")
                    .setEntityType(EntityType.LIMITED_COMPANY).setIndustryCode(industry)
                    .setLicences(new ArrayList<>(industry.startsWith("H") ? List.of(Licence.FOOD) : List.of()))
                    .setAddress(unit.districtName() + "某路" + n + "号")
                    .setLegalRepresentative("LR-" + n)
                    .setCoordinates(new Coordinates(p[0], p[1], Crs.GCJ02))
                    .setRegisteredCapital(100_000L + random.nextInt(5_000_000))
                    .setEstablishedDate(LocalDate.of(2010, 1, 1).plusDays(random.nextInt(5_800)))
                    .build();
            h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setRegistration(r)
                    .setClaim(claims.claim(r)).build(), at.toEpochMilli()));
            if (n % 50_000 < PARALLELISM) {
                drain(h); // the harness keeps every output in memory
            }
        }
        drain(h);
    }

    /** The demo's June and December plans of 2026, 2027, ...: one after the other, as a city issues them. */
    private SamplingPlan nextPlan() {
        SamplingPlan template = DefaultPlans.of(2026 + plans / 2, 0).get(plans % 2);
        return SamplingPlan.newBuilder(template).setPlanId("BENCH-" + plans).setSeed(plans).build();
    }

    @Benchmark
    public long executeOnePlan() throws Exception {
        SamplingPlan plan = nextPlan();
        plans++;
        List<Future<Long>> visits = new ArrayList<>();
        for (var h : instances) {
            visits.add(threads.submit(() -> {
                h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setPlan(plan).build(),
                        plan.getEventTime().toEpochMilli()));
                long tasks = h.getSideOutput(EnterpriseSupervision.TASKS) == null ? 0
                        : h.getSideOutput(EnterpriseSupervision.TASKS).size();
                drain(h);
                return tasks;
            }));
        }
        long tasks = 0;
        for (Future<Long> f : visits) {
            tasks += f.get();
        }
        lastTasks = tasks;
        return tasks;
    }

    /**
     * Plans come hours or months apart; a plan's writes (every drawn enterprise's state) leave RocksDB compactions
     * behind, which would otherwise run during the next measured plan on the same two cores.
     */
    @Setup(Level.Iteration)
    public void settle() throws Exception {
        if (watermark) {
            // The job's event time moves on with its inputs: by the plan's instant every enterprise whose
            // assessment lapsed on the way (a record expiring, an age threshold) has had its timer fire.
            long at = nextPlan().getEventTime().toEpochMilli();
            List<Future<?>> advancing = new ArrayList<>();
            for (var h : instances) {
                advancing.add(threads.submit(() -> {
                    h.watermark(at); // both inputs
                    drain(h);
                    return null;
                }));
            }
            for (Future<?> f : advancing) {
                f.get();
            }
        }
        Thread.sleep(Long.getLong("creditgrid.bench.settle.ms", 30_000L));
    }

    @TearDown(Level.Iteration)
    public void report() {
        System.out.printf("%n  plan %d drew %,d tasks over %,d enterprises%n", plans, lastTasks, entities);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (var h : instances) {
            h.close();
        }
        threads.shutdownNow();
    }

    private static void drain(KeyedBroadcastOperatorTestHarness<String, EnterpriseInput, Control, EnterpriseProfile> h) {
        h.getOutput().clear();
        for (OutputTag<?> tag : List.of(EnterpriseSupervision.TRIGGERS, EnterpriseSupervision.TASKS,
                EnterpriseSupervision.CLAIMS, EnterpriseSupervision.NETWORK, EnterpriseSupervision.PUBLICATIONS,
                EnterpriseSupervision.DEAD_LETTERS, EnterpriseSupervision.TOMBSTONES)) {
            var side = h.getSideOutput(tag);
            if (side != null) {
                side.clear();
            }
        }
    }
}
