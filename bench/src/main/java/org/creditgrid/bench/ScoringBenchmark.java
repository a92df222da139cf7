package org.creditgrid.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.Assessment;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.AnnualReport;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EntityType;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.Note;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.PenaltyKind;
import org.creditgrid.schema.PenaltyProcedure;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.supervision.EnterpriseSupervisor;
import org.creditgrid.supervision.Outcome;
import org.creditgrid.supervision.SubLibraries;
import org.creditgrid.supervision.PoolRules;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring one event against an enterprise whose ledger holds 20 records: the risk model alone, and the whole
 * per-event work of the keyed operator's domain logic (apply to a copy of the state: assess, prune, pool, profile,
 * compare), without Flink's state access and serialisation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScoringBenchmark {

    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    static final long DAY = 86_400_000L;

    RiskModel risk;
    EnterpriseSupervisor supervisor;
    EnterpriseRegistration registration;
    List<EnforcementEvent> ledger;
    EnterpriseState state;
    EnterpriseInput nextEvent;
    long asOf;

    @Setup
    public void setUp() throws Exception {
        risk = new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION));
        supervisor = new EnterpriseSupervisor(risk, PoolRules.load(PoolRules.DEFAULT_LOCATION),
                ClaimRules.load(ClaimRules.DEFAULT_LOCATION), SubLibraries.load(SubLibraries.DEFAULT_LOCATION),
                EnterpriseSupervisor.Limits.defaults());
        String code = CreditCode.withCheckCharacter("91440106MA0000001");
        registration = EnterpriseRegistration.newBuilder().setEventId(code + "-R0").setCreditCode(code)
                .setChange(RegistrationChange.ESTABLISHED).setEventTime(T0).setName("广州市测试有限公司")
                .setEntityType(EntityType.LIMITED_COMPANY).setIndustryCode("H6210").setAddress("广州市天河区天河路1号")
                .setCoordinates(new Coordinates(113.335367, 23.13559, Crs.GCJ02))
                .setEstablishedDate(LocalDate.of(2022, 6, 1)).setLegalRepresentative("LR1").build();
        ledger = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Instant t = T0.plusMillis(i * 15 * DAY);
            Object detail;
            EventKind kind;
            switch (i % 4) {
                case 0 -> { kind = EventKind.COMPLAINT; detail = new Note("complaint"); }
                case 1 -> { kind = EventKind.PENALTY; detail = new Penalty("D" + i, PenaltyProcedure.NORMAL,
                        PenaltyKind.FINE, 20_000L, PenaltyField.FOOD, false); }
                case 2 -> { kind = EventKind.INSPECTION_RESULT;
                        detail = new InspectionOutcome("FOOD_SAFETY", InspectionResult.PROBLEM_CORRECTED, null); }
                default -> { kind = EventKind.ANNUAL_REPORT_OVERDUE; detail = new AnnualReport(2024); }
            }
            ledger.add(EnforcementEvent.newBuilder().setEventId("E" + i).setCreditCode(code).setEventTime(t)
                    .setDepartment("SAMR").setKind(kind).setDetail(detail).build());
        }
        asOf = T0.toEpochMilli() + 300 * DAY;
        state = EnterpriseSupervisor.emptyState();
        state.setRegistration(registration);
        state.setClaim(new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION)).claim(registration));
        state.setLedger(new ArrayList<>(ledger));
        supervisor.onTime(state, asOf); // publish a first profile
        nextEvent = EnterpriseInput.newBuilder().setEvent(EnforcementEvent.newBuilder().setEventId("NEXT")
                .setCreditCode(code).setEventTime(Instant.ofEpochMilli(asOf + DAY)).setDepartment("SAMR-12315")
                .setKind(EventKind.COMPLAINT).setDetail(new Note("one more")).build()).build();
    }

    @Benchmark
    public Assessment assessTwentyRecords() {
        return risk.assess(registration, ledger, List.of(), asOf);
    }

    @Benchmark
    public Outcome applyOneEventToTwentyRecords() {
        EnterpriseState copy = EnterpriseState.newBuilder(state).build(); // a deep copy: apply mutates the state
        return supervisor.apply(copy, nextEvent);
    }

    @Benchmark
    public EnterpriseState copyStateOnly() {
        return EnterpriseState.newBuilder(state).build(); // subtract from the line above
    }
}
