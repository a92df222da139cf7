package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.Grid;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.Assessment;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.AbnormalListing;
import org.creditgrid.schema.AbnormalReason;
import org.creditgrid.schema.AnnualReport;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.Note;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.PenaltyKind;
import org.creditgrid.schema.PenaltyProcedure;
import org.creditgrid.schema.TaxCreditGrade;
import org.creditgrid.schema.TaxGrade;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties over random enterprise histories (200 seeded cases each; a failing seed reproduces the case): the
 * order in which inputs arrive does not change the final profile, and an adverse record never lowers the score.
 */
class OrderIndependenceTest {

    static EnterpriseSupervisor supervisor;
    static RiskModel risk;
    static ClaimModel claims;

    @BeforeAll
    static void load() throws IOException {
        risk = new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION));
        supervisor = Supervisors.of(risk, PoolRules.load(PoolRules.DEFAULT_LOCATION));
        claims = new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION));
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    /** A random history of 1 to 25 records of every kind over four years, some delivered twice. */
    static List<EnforcementEvent> history(Random r, String code) {
        List<EnforcementEvent> events = new ArrayList<>();
        int n = 1 + r.nextInt(25);
        for (int i = 0; i < n; i++) {
            events.add(any(r, code, "E" + i, Fixtures.at(r.nextInt(1500))));
        }
        if (r.nextBoolean()) {
            events.add(events.get(r.nextInt(events.size()))); // a redelivery
        }
        return events;
    }

    /** Any kind of record, adverse or not, for the order property. */
    static EnforcementEvent any(Random r, String code, String id, java.time.Instant t) {
        return switch (r.nextInt(12)) {
            case 0 -> Fixtures.event(code, id, t, EventKind.ABNORMAL_LIST_REMOVED, null);
            case 1 -> Fixtures.event(code, id, t, EventKind.SERIOUS_LIST_ADDED,
                    new org.creditgrid.schema.SeriousListing(org.creditgrid.schema.SeriousBasis.HEAVIER_PENALTY));
            case 2 -> Fixtures.event(code, id, t, EventKind.SERIOUS_LIST_REMOVED, null);
            case 3 -> Fixtures.event(code, id, t, EventKind.CREDIT_REPAIRED,
                    new org.creditgrid.schema.CreditRepair("D-E" + r.nextInt(10)));
            case 4 -> Fixtures.event(code, id, t, r.nextBoolean() ? EventKind.QUALIFICATION_GRANTED
                    : EventKind.QUALIFICATION_EXPIRED,
                    new org.creditgrid.schema.QualificationChange(org.creditgrid.schema.Qualification.HIGH_TECH));
            case 5 -> Fixtures.event(code, id, t, r.nextBoolean() ? EventKind.DATA_ALERT : EventKind.REFERRAL,
                    new Note("alert"));
            default -> adverse(r, code, id, t);
        };
    }

    static List<EnforcementEvent> adverseHistory(Random r, String code) {
        List<EnforcementEvent> events = new ArrayList<>();
        int n = 1 + r.nextInt(25);
        for (int i = 0; i < n; i++) {
            events.add(adverse(r, code, "E" + i, Fixtures.at(r.nextInt(730))));
        }
        return events;
    }

    static EnforcementEvent adverse(Random r, String code, String id, java.time.Instant t) {
        return switch (r.nextInt(7)) {
            case 0 -> Fixtures.event(code, id, t, EventKind.COMPLAINT, new Note("c"));
            case 1 -> Fixtures.event(code, id, t, EventKind.PENALTY, new Penalty("D-" + id,
                    r.nextBoolean() ? PenaltyProcedure.NORMAL : PenaltyProcedure.SIMPLE,
                    PenaltyKind.values()[r.nextInt(PenaltyKind.values().length - 1)], 1000L * r.nextInt(50),
                    PenaltyField.values()[r.nextInt(PenaltyField.values().length)], r.nextInt(5) == 0));
            case 2 -> Fixtures.event(code, id, t, EventKind.ABNORMAL_LIST_ADDED,
                    new AbnormalListing(AbnormalReason.NO_ANNUAL_REPORT));
            case 3 -> Fixtures.event(code, id, t, EventKind.ANNUAL_REPORT_OVERDUE, new AnnualReport(2023 + r.nextInt(2)));
            case 4 -> Fixtures.event(code, id, t, EventKind.INSPECTION_RESULT, new InspectionOutcome("FOOD_SAFETY",
                    InspectionResult.values()[1 + r.nextInt(3)], null));
            case 5 -> Fixtures.event(code, id, t, EventKind.TAX_CREDIT_GRADE,
                    new TaxGrade(r.nextBoolean() ? TaxCreditGrade.D : TaxCreditGrade.M, 2024));
            default -> Fixtures.event(code, id, t, EventKind.COURT_DISHONEST_DEBTOR, null);
        };
    }

    private static EnterpriseProfile finalProfile(EnterpriseRegistration registration, List<EnforcementEvent> events,
                                                  int registrationPosition) {
        EnterpriseState state = EnterpriseSupervisor.emptyState();
        List<EnterpriseInput> inputs = new ArrayList<>();
        for (EnforcementEvent e : events) {
            inputs.add(EnterpriseInput.newBuilder().setEvent(EnforcementEvent.newBuilder(e).build()).build());
        }
        inputs.add(registrationPosition, EnterpriseInput.newBuilder().setRegistration(registration)
                .setClaim(claims.claim(registration)).build());
        return applyAll(state, inputs);
    }

    /** Applies {@code inputs} in order; the last profile published (the state keeps only its digest). */
    static EnterpriseProfile applyAll(EnterpriseState state, List<EnterpriseInput> inputs) {
        EnterpriseProfile last = null;
        for (EnterpriseInput in : inputs) {
            Outcome o = supervisor.apply(state, in);
            if (o.profile() != null) {
                last = EnterpriseProfile.newBuilder(o.profile()).build();
            }
        }
        return last;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theSameInputsInAnyOrderGiveTheSameFinalProfile(long seed) {
        Random r = new Random(seed);
        String code = Fixtures.code((int) seed);
        EnterpriseRegistration registration = Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
        List<EnforcementEvent> events = history(r, code);
        EnterpriseProfile inOrder = finalProfile(registration, events.stream()
                .sorted((a, b) -> a.getEventTime().compareTo(b.getEventTime())).toList(), 0);
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            List<EnforcementEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, r);
            EnterpriseProfile other = finalProfile(registration, shuffled, r.nextInt(shuffled.size() + 1));
            // Version, previous class and event time (of the input that last changed the profile) tell the path
            // taken; everything else must be the same.
            assertThat(content(other)).as("seed %d shuffle %d", seed, shuffle).isEqualTo(content(inOrder));
        }
    }

    /**
     * The claim's evidence and the address's count travel on paths of their own (the standard-address join, the
     * historical claims, the address group): a registration, its historical claim, its address's entry in the
     * standard-address database and its address group's counts, among its events, in any order give the same final
     * profile and claim. The group's counts on the way to its final count differ from one order to the next too (other
     * enterprises' joins and leaves interleave differently), crossing the crowded-address limit or not.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void theClaimsEvidenceAndTheAddressCountInAnyOrderGiveTheSameFinalProfile(long seed) {
        Random r = new Random(seed);
        String code = Fixtures.code((int) seed);
        EnterpriseRegistration registration = Fixtures.registration(code, Fixtures.T0,
                r.nextBoolean() ? Fixtures.TIANHE : null);
        String group = "A|" + org.creditgrid.claim.AddressText.normalise(registration.getAddress());
        List<EnterpriseInput> paths = new ArrayList<>();
        paths.add(EnterpriseInput.newBuilder().setRegistration(registration).setClaim(claims.claim(registration))
                .build());
        if (r.nextBoolean()) {
            org.creditgrid.schema.ClaimHistory h = new org.creditgrid.schema.ClaimHistory("H-" + code, code,
                    "440106006", Fixtures.at(-400), "legacy");
            org.creditgrid.internal.Claim c = claims.byUnit(org.creditgrid.schema.ClaimMethod.HISTORY, "440106006",
                    "historical claim H-" + code).orElseThrow();
            c.setSince(h.getClaimedAt());
            paths.add(EnterpriseInput.newBuilder().setHistory(h).setClaim(c).build());
        }
        boolean standard = r.nextBoolean();
        int finalCount = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(50); // 0: no count heard
        List<EnforcementEvent> events = history(r, code).stream().limit(6).toList();
        EnterpriseProfile first = null;
        org.creditgrid.internal.Claim firstClaim = null;
        for (int shuffle = 0; shuffle < 6; shuffle++) {
            List<EnterpriseInput> inputs = new ArrayList<>(paths);
            events.forEach(e -> inputs.add(EnterpriseInput.newBuilder().setEvent(EnforcementEvent.newBuilder(e)
                    .build()).build()));
            Collections.shuffle(inputs, r);
            List<EnterpriseInput> counts = new ArrayList<>();
            for (int i = finalCount == 0 ? 0 : r.nextInt(4); i > 0; i--) { // on the way, around the limit (30)
                counts.add(EnterpriseInput.newBuilder().setSignal(new org.creditgrid.internal.GroupSignal(code, group,
                        20 + r.nextInt(21), 0)).build());
            }
            if (finalCount > 0) {
                counts.add(EnterpriseInput.newBuilder().setSignal(new org.creditgrid.internal.GroupSignal(code, group,
                        finalCount, 0)).build());
            }
            int at = r.nextInt(inputs.size() + 1);
            for (EnterpriseInput count : counts) { // a group sends its counts in order
                at = at + r.nextInt(inputs.size() - at + 1);
                inputs.add(at++, count);
            }
            if (standard) { // the standard-address join re-sends the registration once its address's entry arrives
                org.creditgrid.internal.Claim sa = claims.byUnit(org.creditgrid.schema.ClaimMethod.STANDARD_ADDRESS,
                        "440106001", "standard address SA-" + code).orElseThrow();
                int registered = inputs.indexOf(paths.get(0));
                inputs.add(registered + 1 + r.nextInt(inputs.size() - registered),
                        EnterpriseInput.newBuilder().setRegistration(registration).setClaim(sa).build());
            }
            EnterpriseState state = EnterpriseSupervisor.emptyState();
            EnterpriseProfile last = applyAll(state, inputs.stream().map(in -> EnterpriseInput.newBuilder(in).build())
                    .toList());
            if (first == null) {
                first = content(last);
                firstClaim = state.getClaim();
            } else {
                assertThat(content(last)).as("seed %d shuffle %d", seed, shuffle).isEqualTo(first);
                assertThat(state.getClaim().getMethod()).isEqualTo(firstClaim.getMethod());
                assertThat(state.getClaim().getUnitId()).isEqualTo(firstClaim.getUnitId());
            }
        }
    }

    /**
     * A move as the address groups and the enterprise see it: the registrations at an address and then at another
     * reach the enterprise in either order, and each group's counts (the first group's while the enterprise is its
     * member, the second's once it joins; each group's in the order it sends them) come anywhere among them. The
     * enterprise ends with the second group's last count, and the same profile.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void aMoveAndItsGroupsCountsInAnyOrderEndWithTheNewGroupsLastCount(long seed) {
        Random r = new Random(seed);
        String code = Fixtures.code((int) seed);
        EnterpriseRegistration first = Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
        EnterpriseRegistration moved = EnterpriseRegistration.newBuilder(first).setEventId(code + "-R1")
                .setEventTime(Fixtures.at(30)).setAddress("广州市天河区体育西路" + (1 + r.nextInt(9)) + "号商务中心")
                .setChange(org.creditgrid.schema.RegistrationChange.CHANGED)
                .setChangedFields(new ArrayList<>(List.of(org.creditgrid.schema.ChangedField.ADDRESS))).build();
        String before = "A|" + org.creditgrid.claim.AddressText.normalise(first.getAddress());
        String after = "A|" + org.creditgrid.claim.AddressText.normalise(moved.getAddress());
        int last = 1 + r.nextInt(50);
        EnterpriseProfile firstProfile = null;
        for (int shuffle = 0; shuffle < 6; shuffle++) {
            List<EnterpriseInput> inputs = new ArrayList<>();
            for (EnterpriseRegistration reg : List.of(first, moved)) {
                inputs.add(EnterpriseInput.newBuilder().setRegistration(EnterpriseRegistration.newBuilder(reg).build())
                        .setClaim(claims.claim(reg)).build());
            }
            Collections.shuffle(inputs, r);
            insertInOrder(inputs, counts(r, code, before, 1 + r.nextInt(50)), r);
            insertInOrder(inputs, counts(r, code, after, last), r);
            EnterpriseState state = EnterpriseSupervisor.emptyState();
            EnterpriseProfile lastProfile = applyAll(state, inputs);
            assertThat(state.getNetwork().getAddressGroup()).isEqualTo(after);
            assertThat(state.getNetwork().getAddressMembers()).as("seed %d shuffle %d", seed, shuffle).isEqualTo(last);
            if (firstProfile == null) {
                firstProfile = content(lastProfile);
            } else {
                assertThat(content(lastProfile)).as("seed %d shuffle %d", seed, shuffle).isEqualTo(firstProfile);
            }
        }
    }

    /** One to three counts of {@code group} for {@code code}, ending with {@code last}. */
    private static List<EnterpriseInput> counts(Random r, String code, String group, int last) {
        List<EnterpriseInput> counts = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            counts.add(EnterpriseInput.newBuilder().setSignal(new org.creditgrid.internal.GroupSignal(code, group,
                    1 + r.nextInt(50), 0)).build());
        }
        counts.add(EnterpriseInput.newBuilder().setSignal(new org.creditgrid.internal.GroupSignal(code, group, last, 0))
                .build());
        return counts;
    }

    /** Inserts {@code sequence} into {@code inputs} at random places, keeping its order. */
    private static void insertInOrder(List<EnterpriseInput> inputs, List<EnterpriseInput> sequence, Random r) {
        int at = r.nextInt(inputs.size() + 1);
        for (EnterpriseInput x : sequence) {
            at = at + r.nextInt(inputs.size() - at + 1);
            inputs.add(at++, x);
        }
    }

    private static EnterpriseProfile content(EnterpriseProfile p) {
        return EnterpriseProfile.newBuilder(p).setVersion(0).setPreviousClass(null)
                .setEventTime(java.time.Instant.EPOCH).build();
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void anAdverseRecordNeverLowersTheScore(long seed) {
        Random r = new Random(seed);
        String code = Fixtures.code((int) seed);
        EnterpriseRegistration registration = Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
        List<EnforcementEvent> ledger = new ArrayList<>(adverseHistory(r, code).stream().distinct()
                .sorted((a, b) -> a.getEventTime().compareTo(b.getEventTime())).toList());
        long asOf = Fixtures.at(800).toEpochMilli();
        Assessment before = risk.assess(registration, ledger, List.of(), asOf);
        EnforcementEvent extra;
        do { // a tax grade is not adverse as such: a newer, better grade rightly replaces a worse one
            extra = adverse(r, code, "X", Fixtures.at(r.nextInt(800)));
        } while (extra.getKind() == EventKind.TAX_CREDIT_GRADE);
        List<EnforcementEvent> more = new ArrayList<>(ledger);
        Ledger.add(more, extra);
        Assessment after = risk.assess(registration, more, List.of(), asOf);
        assertThat(after.score()).as("seed %d adding %s", seed, extra.getKind()).isGreaterThanOrEqualTo(before.score());
        assertThat(after.riskClass()).isGreaterThanOrEqualTo(before.riskClass());
    }
}
