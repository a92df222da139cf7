package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.Grid;
import org.creditgrid.claim.GridUnit;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.ProfileMove;
import org.creditgrid.internal.PublishedProfile;
import org.creditgrid.internal.UnitStatisticsState;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EnterpriseStatus;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.UnitStatistics;
import org.creditgrid.statistics.StatisticsDeltas;
import org.creditgrid.statistics.UnitFigures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The unit statistics kept from the enterprise operator's profile moves agree with the profiles themselves: random
 * cities (100 seeded cases of 30 enterprises: registrations in random units or outside the grid, events, moves to
 * another unit, deregistrations, in random order) folded through {@link StatisticsDeltas} and {@link UnitFigures}
 * give, for every unit, district and the city, the counts of the latest profiles rebuilt per unit — what a consumer
 * of the profile topic would find.
 */
class UnitStatisticsMovesTest {

    static final EnterpriseSupervisor supervisor = OneEnterprise.SUPERVISOR;
    static final ClaimModel claims = OneEnterprise.CLAIMS;
    static Grid grid;

    @BeforeAll
    static void load() throws IOException {
        grid = Grid.load(Grid.DEFAULT_LOCATION); // the same file the claim model reads: its units, to pick points in
    }

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theFiguresFromMovesEqualTheLatestProfilesCountedPerUnit(long seed) {
        Random r = new Random(seed);
        List<GridUnit> units = grid.units();
        Map<String, UnitStatisticsState> figures = new TreeMap<>();
        Map<String, EnterpriseProfile> latest = new HashMap<>();
        for (int e = 0; e < 30; e++) {
            String code = Fixtures.code((int) (seed * 100 + e));
            List<EnterpriseInput> inputs = new ArrayList<>();
            EnterpriseRegistration first = Fixtures.registration(code, Fixtures.at(r.nextInt(30)), place(r, units));
            inputs.add(registration(first));
            for (EnforcementEvent ev : OrderIndependenceTest.history(r, code)) {
                inputs.add(EnterpriseInput.newBuilder().setEvent(ev).build());
            }
            if (r.nextInt(3) == 0) { // moves to another unit
                EnterpriseRegistration moved = EnterpriseRegistration.newBuilder(first)
                        .setEventId(code + "-R1").setChange(RegistrationChange.CHANGED)
                        .setEventTime(Fixtures.at(400 + r.nextInt(300)))
                        .setAddress("广州市某区某路" + r.nextInt(1000) + "号").setCoordinates(place(r, units)).build();
                inputs.add(1 + r.nextInt(inputs.size()), registration(moved));
            }
            if (r.nextInt(5) == 0) {
                EnterpriseRegistration gone = EnterpriseRegistration.newBuilder(first)
                        .setEventId(code + "-R2").setChange(RegistrationChange.DEREGISTERED)
                        .setEventTime(Fixtures.at(1600)).build();
                inputs.add(registration(gone));
            }
            EnterpriseState state = EnterpriseSupervisor.emptyState();
            for (EnterpriseInput in : inputs) {
                Outcome o = supervisor.apply(state, in);
                if (o.profile() != null) {
                    latest.put(code, EnterpriseProfile.newBuilder(o.profile()).build());
                }
                if (o.move() != null) {
                    fold(figures, o.move());
                }
            }
        }
        Map<String, long[]> expected = rebuild(latest.values());
        assertThat(figures.keySet()).as("seed %d", seed).containsAll(expected.keySet());
        figures.forEach((id, s) -> {
            UnitStatistics f = UnitFigures.publish(s, Long.MIN_VALUE, 0);
            long[] want = expected.getOrDefault(id, new long[10]);
            assertThat(counts(f)).as("seed %d, %s", seed, id).containsExactly(want);
        });
    }

    @Test
    void aStateOfAnEarlierReleaseIsCountedFromItsNextAssessmentEvenWithoutANewProfile() {
        String code = Fixtures.code(7);
        EnterpriseState state = EnterpriseSupervisor.emptyState();
        supervisor.apply(state, registration(Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE)));
        // As the state of a release before the statistics reads: the same profile, not counted.
        state.setPublished(PublishedProfile.newBuilder(state.getPublished()).setCounted(false).build());
        Outcome o = supervisor.apply(state, EnterpriseInput.newBuilder()
                .setEvent(Fixtures.event(code, "E1", Fixtures.at(1), org.creditgrid.schema.EventKind.ANNUAL_REPORT_FILED,
                        new org.creditgrid.schema.AnnualReport(2024))).build());
        assertThat(o.profile()).isNull();
        ProfileMove m = o.move();
        assertThat(m).isNotNull();
        assertThat(m.getFrom()).isNull();
        assertThat(m.getTo().getUnitId()).isEqualTo(claims.claim(
                Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE)).getUnitId());
        assertThat(state.getPublished().getCounted()).isTrue();
        // Counted once: the next input that changes nothing moves nothing.
        Outcome again = supervisor.apply(state, EnterpriseInput.newBuilder()
                .setEvent(Fixtures.event(code, "E2", Fixtures.at(2), org.creditgrid.schema.EventKind.ANNUAL_REPORT_FILED,
                        new org.creditgrid.schema.AnnualReport(2023))).build());
        assertThat(again.move()).isNull();
    }

    @Test
    void aDeregistrationTakesTheEnterpriseOutOfItsUnitAndTheCity() {
        String code = Fixtures.code(8);
        EnterpriseState state = EnterpriseSupervisor.emptyState();
        EnterpriseRegistration r = Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
        ProfileMove in = supervisor.apply(state, registration(r)).move();
        assertThat(in.getFrom()).isNull();
        assertThat(in.getTo().getUnitId()).isNotNull();
        ProfileMove out = supervisor.apply(state, registration(EnterpriseRegistration.newBuilder(r)
                .setEventId(code + "-R9").setChange(RegistrationChange.DEREGISTERED)
                .setEventTime(Fixtures.at(5)).build())).move();
        assertThat(out.getTo()).isNull();
        assertThat(out.getFrom().getUnitId()).isEqualTo(in.getTo().getUnitId());
        assertThat(state.getPublished().getCounted()).isFalse();
    }

    private static EnterpriseInput registration(EnterpriseRegistration r) {
        return EnterpriseInput.newBuilder().setRegistration(r).setClaim(claims.claim(r)).build();
    }

    /** A point inside a random unit, or now and then outside the city (no unit: unclaimed). */
    private static Coordinates place(Random r, List<GridUnit> units) {
        if (r.nextInt(8) == 0) {
            return Fixtures.SHENZHEN;
        }
        double[] p = grid.randomPointIn(units.get(r.nextInt(units.size())).unitId(), r);
        return new Coordinates(p[0], p[1], Crs.GCJ02);
    }

    private static void fold(Map<String, UnitStatisticsState> figures, ProfileMove m) {
        StatisticsDeltas.of(ProfileMove.newBuilder(m).build()).forEach(d ->
                UnitFigures.apply(figures.computeIfAbsent(d.getId(), k -> UnitFigures.empty(d)), d));
    }

    /** enterprises, A, B, C, D, prudent, inclusive, general, unclaimed, 0. */
    private static long[] counts(UnitStatistics f) {
        return new long[] {f.getEnterprises(), f.getByClass().getA(), f.getByClass().getB(), f.getByClass().getC(),
                f.getByClass().getD(), f.getByPool().getPrudent(), f.getByPool().getInclusive(),
                f.getByPool().getGeneral(), f.getUnclaimed(), 0};
    }

    /** The same counts, from the latest profiles as a consumer of enterprise-profiles would rebuild them. */
    private static Map<String, long[]> rebuild(Iterable<EnterpriseProfile> profiles) {
        Map<String, long[]> m = new HashMap<>();
        for (EnterpriseProfile p : profiles) {
            if (p.getStatus() != EnterpriseStatus.ACTIVE) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            if (p.getUnitId() != null) {
                keys.add(p.getUnitId());
            }
            if (p.getDistrictCode() != null) {
                keys.add(p.getDistrictCode());
            }
            keys.add(StatisticsDeltas.CITY);
            for (String k : keys) {
                long[] c = m.computeIfAbsent(k, x -> new long[10]);
                c[0]++;
                c[1 + p.getRiskClass().ordinal()]++;
                c[5 + p.getPool().ordinal()]++;
                if (k.equals(StatisticsDeltas.CITY) && p.getUnitId() == null) {
                    c[8]++;
                }
            }
        }
        return m;
    }
}
