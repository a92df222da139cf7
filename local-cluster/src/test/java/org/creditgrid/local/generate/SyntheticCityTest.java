package org.creditgrid.local.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.Grid;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.internal.Claim;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.validation.InputValidation;
import org.creditgrid.io.Rejection;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.supervision.PoolRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticCityTest {

    record Rec(String topic, byte[] key, byte[] value, long timestamp) {}

    static Grid grid;
    static List<Rec> records;
    static SyntheticCity.Totals totals;
    static final Topics TOPICS = Topics.defaults();
    static final int ENTITIES = 20_000;
    static final int BAD = 70;

    @BeforeAll
    static void generate() throws IOException {
        grid = Grid.load(Grid.DEFAULT_LOCATION);
        records = new ArrayList<>();
        totals = new SyntheticCity(new SyntheticCity.Settings(ENTITIES, 5, 2025, BAD, TOPICS), grid)
                .generate((t, k, v, ts) -> records.add(new Rec(t, k, v, ts)), null);
    }

    private static byte[] digest(List<Rec> rs) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Rec r : rs) {
            md.update(r.topic().getBytes());
            md.update(r.key() == null ? new byte[0] : r.key());
            md.update(r.value());
            md.update(Long.toString(r.timestamp()).getBytes());
        }
        return md.digest();
    }

    @Test
    void theSameSeedGivesTheSameCityAndAnotherSeedAnotherOne() throws Exception {
        List<Rec> again = new ArrayList<>();
        new SyntheticCity(new SyntheticCity.Settings(ENTITIES, 5, 2025, BAD, TOPICS), grid)
                .generate((t, k, v, ts) -> again.add(new Rec(t, k, v, ts)), null);
        assertThat(digest(again)).isEqualTo(digest(records));
        List<Rec> other = new ArrayList<>();
        new SyntheticCity(new SyntheticCity.Settings(ENTITIES, 6, 2025, BAD, TOPICS), grid)
                .generate((t, k, v, ts) -> other.add(new Rec(t, k, v, ts)), null);
        assertThat(digest(other)).isNotEqualTo(digest(records));
    }

    @Test
    void everyRecordButTheInjectedOnesIsAcceptedAndEveryInjectedOneIsRejected() {
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        AvroCodec<EnforcementEvent> ev = AvroCodec.of(EnforcementEvent.class);
        int rejected = 0;
        Map<String, Integer> reasons = new HashMap<>();
        for (Rec r : records) {
            Optional<Rejection> rejection;
            try {
                rejection = r.topic().equals(TOPICS.registrations())
                        ? InputValidation.registration(reg.decode(r.value()))
                        : r.topic().equals(TOPICS.standardAddresses())
                        ? InputValidation.standardAddress(AvroCodec.of(org.creditgrid.schema.StandardAddress.class)
                                .decode(r.value()))
                        : r.topic().equals(TOPICS.claimHistory())
                        ? InputValidation.claimHistory(AvroCodec.of(org.creditgrid.schema.ClaimHistory.class)
                                .decode(r.value()))
                        : InputValidation.event(ev.decode(r.value()));
            } catch (Exception e) {
                rejection = Optional.of(new Rejection(Rejection.UNDECODABLE, e.toString()));
            }
            if (rejection.isPresent()) {
                rejected++;
                reasons.merge(rejection.get().reason(), 1, Integer::sum);
            }
        }
        assertThat(totals.injectedBad()).isEqualTo(BAD);
        assertThat(rejected).isEqualTo(BAD);
        assertThat(reasons).containsOnlyKeys(Rejection.UNDECODABLE, Rejection.INVALID_CREDIT_CODE,
                Rejection.IMPOSSIBLE_COORDINATES, Rejection.IMPOSSIBLE_DATE, Rejection.DETAIL_MISMATCH);
    }

    @Test
    void entitiesHaveValidUniqueCodesOfGuangzhouDistrictsAndTheSeedsPoolShares() throws IOException {
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        PoolRules pools = PoolRules.load(PoolRules.DEFAULT_LOCATION);
        ClaimModel claims = new ClaimModel(grid);
        Set<String> codes = new HashSet<>();
        int prudent = 0;
        int inclusiveIndustry = 0;
        int claimed = 0;
        int cityLevel = 0;
        int former = 0;
        for (Rec r : records) {
            if (!r.topic().equals(TOPICS.registrations())) {
                continue;
            }
            EnterpriseRegistration e;
            try {
                e = reg.decode(r.value());
            } catch (Exception bad) {
                continue;
            }
            if (e.getChange() != RegistrationChange.ESTABLISHED || e.getEventId().endsWith("-BAD")) {
                continue;
            }
            assertThat(CreditCode.isValid(e.getCreditCode())).isTrue();
            // A Guangzhou division: a district in force, a former one (its successor in force), or the city level.
            String division = CreditCode.divisionCode(e.getCreditCode());
            if (division.equals("440101")) {
                cityLevel++;
            } else {
                String inForce = org.creditgrid.identity.Divisions.standard().current(division).orElseThrow().code();
                assertThat(grid.unitsOfDistrict(inForce)).as(division).isNotEmpty();
                former += inForce.equals(division) ? 0 : 1;
            }
            assertThat(codes.add(e.getCreditCode())).as("unique code").isTrue();
            Pool pool = pools.route(e.getIndustryCode(), e.getLicences(), List.of(), RiskClass.A).pool();
            prudent += pool == Pool.PRUDENT ? 1 : 0;
            inclusiveIndustry += pool == Pool.INCLUSIVE ? 1 : 0;
            Claim c = claims.claim(e);
            claimed += c.getMethod() == ClaimMethod.UNCLAIMED ? 0 : 1;
        }
        assertThat(codes).hasSize(ENTITIES);
        assertThat(cityLevel / (double) ENTITIES).isCloseTo(0.20, within(0.03));
        assertThat(former).as("codes of merged or renamed districts").isPositive();
        assertThat(prudent / (double) ENTITIES).isCloseTo(0.028, within(0.004));
        assertThat(inclusiveIndustry / (double) ENTITIES).isCloseTo(0.009, within(0.002));
        // 4 % have no coordinates and 1.5 % are outside the city: the rest must land in Guangzhou
        assertThat(claimed / (double) ENTITIES).isCloseTo(0.945, within(0.01));
    }

    @Test
    void recordsArriveMostlyInEventTimeOrderWithSomeDisorder() {
        long late = 0;
        long maxSeen = Long.MIN_VALUE;
        for (Rec r : records) {
            if (r.timestamp() < maxSeen) {
                late++;
            }
            maxSeen = Math.max(maxSeen, r.timestamp());
        }
        assertThat(late).isPositive();
        assertThat(late / (double) records.size()).isLessThan(0.5);
        assertThat(totals.perTopic().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(records.size());
    }
}
