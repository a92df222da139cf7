package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.io.IOException;
import java.time.Instant;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.ClaimAction;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.ChangedField;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RegistrationChange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claim case ({@link ClaimCase}), driven through the supervisor: the claim chain's evidence in any order, the
 * manual-claim lifecycle, the historical claim and the cluster-registration address.
 */
class ClaimCaseTest extends OneEnterprise {

    static EnterpriseSupervisor supervisor;
    static ClaimModel claims;
    static ClaimRules rules;
    final String code = code(11);

    @Override
    EnterpriseSupervisor supervisor() {
        return supervisor;
    }

    @BeforeAll
    static void load() throws IOException {
        rules = ClaimRules.load(ClaimRules.DEFAULT_LOCATION);
        supervisor = Supervisors.of(new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION)),
                PoolRules.load(PoolRules.DEFAULT_LOCATION), rules, EnterpriseSupervisor.Limits.defaults());
        claims = new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION));
    }


    private Outcome respond(String id, String requestId, String unit, ClaimAction action,
                                                 Instant time) {
        ClaimResponse r = new ClaimResponse(id, requestId, code, unit, action,
                action == ClaimAction.RETURN ? "not in our area" : "", time);
        Claim c = claims.byUnit(ClaimMethod.MANUAL, unit, "claimed by unit " + unit).orElseThrow();
        return supervisor.apply(state, EnterpriseInput.newBuilder().setResponse(r).setClaim(c).build());
    }

    private Outcome history(String unit) {
        ClaimHistory h = new ClaimHistory("H-" + code, code, unit, at(-400), "legacy");
        Claim c = claims.byUnit(ClaimMethod.HISTORY, unit, "historical claim H-" + code).orElseThrow();
        c.setSince(h.getClaimedAt());
        return supervisor.apply(state, EnterpriseInput.newBuilder().setHistory(h).setClaim(c).build());
    }

    @Test
    void aDeadlineCountedThroughAYearTheCalendarDoesNotKnowIsMarkedProvisional() {
        ClaimRequest known = register(Fixtures.registration(code, T0, Fixtures.SHENZHEN)).claims().get(0);
        assertThat(known.getDeadlineProvisional()).isFalse();
        state = EnterpriseSupervisor.emptyState();
        java.time.Instant late = java.time.Instant.parse("2026-12-20T02:00:00Z"); // 15 working days reach into 2027
        ClaimRequest guessed = register(Fixtures.registration(code, late, Fixtures.SHENZHEN)).claims().get(0);
        assertThat(guessed.getDeadlineProvisional()).isTrue();
        assertThat(guessed.getDeadline()).isEqualTo(java.time.Instant.parse("2027-01-08T16:00:00Z"));
    }

    @Test
    void aCaseOpensWithTheFirstCandidateAndADeadline() {
        ClaimRequest open = register(Fixtures.registration(code, T0, Fixtures.SHENZHEN)).claims().get(0);
        assertThat(open.getStatus()).isEqualTo(ClaimStatus.OPEN);
        assertThat(open.getAssignedUnit()).isEqualTo(open.getCandidateUnits().get(0));
        assertThat(open.getDeadline()).isEqualTo(rules.deadline(T0).at());
    }

    @Test
    void aReturnedCaseMovesToTheNextCandidateThenToTheDistrict() {
        ClaimRequest open = register(Fixtures.registration(code, T0, Fixtures.SHENZHEN)).claims().get(0);
        var units = open.getCandidateUnits();
        Outcome wrongUnit = respond("r0", open.getRequestId(), units.get(1), ClaimAction.RETURN,
                at(1));
        assertThat(wrongUnit.claims()).isEmpty();
        assertThat(wrongUnit.inapplicable()).singleElement()
                .satisfies(i -> assertThat(i.detail()).contains("lies with unit " + units.get(0)));

        ClaimRequest returned = respond("r1", open.getRequestId(), units.get(0), ClaimAction.RETURN, at(2))
                .claims().get(0);
        assertThat(returned.getStatus()).isEqualTo(ClaimStatus.RETURNED);
        assertThat(returned.getAssignedUnit()).isEqualTo(units.get(1));
        assertThat(returned.getRespondingUnit()).isEqualTo(units.get(0));
        assertThat(returned.getDeadline()).isEqualTo(rules.deadline(at(2)).at());
        assertThat(returned.getDetail()).contains("not in our area");

        for (int i = 1; i < units.size(); i++) {
            respond("r" + (i + 1), open.getRequestId(), units.get(i), ClaimAction.RETURN, at(2 + i));
        }
        assertThat(state.getRequest().getAssignedUnit()).as("with the district").isNull();
        assertThat(state.getRequest().getCandidateUnits()).isEmpty();
        assertThat(respond("rx", open.getRequestId(), units.get(0), ClaimAction.RETURN, at(40)).inapplicable())
                .singleElement().satisfies(i -> assertThat(i.detail()).contains("lies with district 440106"));
        // the district's decision: any unit may claim it
        Outcome claimed = respond("c1", open.getRequestId(), units.get(3), ClaimAction.CLAIM,
                at(41));
        assertThat(claimed.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.CLAIMED);
            assertThat(c.getRespondingUnit()).isEqualTo(units.get(3));
        });
    }

    @Test
    void aClaimClosesTheCaseAndUpdatesTheProfile() {
        ClaimRequest open = register(Fixtures.registration(code, T0, Fixtures.SHENZHEN)).claims().get(0);
        Outcome claimed = respond("c1", open.getRequestId(), "440106006", ClaimAction.CLAIM,
                at(3));
        assertThat(claimed.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.CLAIMED);
            assertThat(c.getDeadline()).isNull();
        });
        assertThat(claimed.profile().getClaimMethod()).isEqualTo(ClaimMethod.MANUAL);
        assertThat(claimed.profile().getUnitId()).isEqualTo("440106006");
        assertThat(state.getRequest()).isNull();
        assertThat(respond("c2", open.getRequestId(), "440106006", ClaimAction.CLAIM, at(4)).inapplicable())
                .as("the case is closed").singleElement()
                .satisfies(i -> assertThat(i.detail()).contains("no manual-claim case"));
    }

    @Test
    void aCaseStillOpenAtItsDeadlineEscalatesAndStaysQueued() {
        Outcome opened = register(Fixtures.registration(code, T0, Fixtures.SHENZHEN));
        long deadline = opened.claims().get(0).getDeadline().toEpochMilli();
        assertThat(opened.wakeUp()).isEqualTo(deadline);
        Outcome late = supervisor.onTime(state, deadline);
        assertThat(late.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.ESCALATED);
            assertThat(c.getDeadline()).isNull();
            assertThat(c.getReason()).isEqualTo(ClaimReason.OUTSIDE_GRID);
        });
        assertThat(late.wakeUp()).isNotEqualTo(deadline);
        assertThat(state.getClaim().getMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(supervisor.onTime(state, deadline + 86_400_000L).claims()).as("escalates once").isEmpty();
    }

    @Test
    void theHistoricalClaimDecidesWhenNothingElseDoes() {
        assertThat(history("440106006").clear()).as("kept for the registration to come").isFalse();
        Outcome o = register(Fixtures.registration(code, T0, null));
        assertThat(o.claims()).isEmpty();
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.HISTORY);
        assertThat(o.profile().getUnitId()).isEqualTo("440106006");
    }

    @Test
    void aHistoricalClaimArrivingLaterClosesTheCase() {
        register(Fixtures.registration(code, T0, null));
        Outcome o = history("440106006");
        assertThat(o.claims()).singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo(ClaimStatus.CLAIMED));
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.HISTORY);
        assertThat(history("440106006").profile()).as("redelivered").isNull();
    }

    /**
     * A registration waiting for the standard-address database, its historical claim and its address's entry arrive in
     * either order (they travel on different paths): the standard address, first in the evidence chain, decides.
     */
    @Test
    void theStandardAddressOutranksTheHistoryWhicheverArrivesFirst() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, null);
        Claim standard = claims.byUnit(ClaimMethod.STANDARD_ADDRESS, "440106001", "standard address SA1")
                .orElseThrow();
        register(r);
        history("440106006");
        Outcome historyFirst = supervisor.apply(state,
                EnterpriseInput.newBuilder().setRegistration(r).setClaim(standard).build());
        assertThat(historyFirst.profile().getClaimMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
        assertThat(historyFirst.profile().getUnitId()).isEqualTo("440106001");

        state = EnterpriseSupervisor.emptyState();
        register(r);
        supervisor.apply(state, EnterpriseInput.newBuilder().setRegistration(r).setClaim(standard).build());
        assertThat(history("440106006").profile()).as("standard address first: the history changes nothing").isNull();
        assertThat(state.getClaim().getMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
        assertThat(state.getClaim().getUnitId()).isEqualTo("440106001");
    }

    @Test
    void aHistoricalClaimOlderThanTheCurrentAddressIsStale() {
        history("440106006"); // claimed at day -400
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        EnterpriseRegistration moved = movedOnDay5();
        Outcome o = register(moved);
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(o.claims()).singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo(ClaimStatus.OPEN));
    }

    /** A move to Haizhu on day 5, with no coordinates. */
    private EnterpriseRegistration movedOnDay5() {
        EnterpriseRegistration moved = Fixtures.registration(code, at(5), null);
        moved.setEventId(code + "-R1");
        moved.setChange(RegistrationChange.CHANGED);
        moved.getChangedFields().add(ChangedField.ADDRESS);
        moved.setAddress("广州市海珠区新港中路1号");
        return moved;
    }

    /** The move arrives before the registration it follows (they travel different paths): the history is as stale. */
    @Test
    void aHistoricalClaimOlderThanAMoveIsStaleEvenWhenTheMoveArrivesFirst() {
        history("440106006"); // claimed at day -400
        EnterpriseRegistration moved = movedOnDay5();
        Outcome o = register(moved);
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(register(Fixtures.registration(code, T0, Fixtures.TIANHE)).profile()).as("older: ignored").isNull();
        assertThat(state.getClaim().getMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
    }

    /** The registrations of two moves in any order: the latest move is what makes a historical claim stale. */
    @Test
    void theLatestMoveMakesTheHistoryStaleWhateverOrderTheRegistrationsCome() {
        EnterpriseRegistration r1 = Fixtures.registration(code, T0, null);
        EnterpriseRegistration r2 = movedOnDay5();
        EnterpriseRegistration r3 = EnterpriseRegistration.newBuilder(r2).setEventId(code + "-R3").setEventTime(at(8))
                .setChangedFields(new java.util.ArrayList<>(java.util.List.of(ChangedField.LEGAL_REPRESENTATIVE)))
                .setLegalRepresentative("LR2").build();
        java.util.List<java.util.List<EnterpriseRegistration>> orders = java.util.List.of(java.util.List.of(r1, r2, r3),
                java.util.List.of(r3, r1, r2), java.util.List.of(r1, r3, r2), java.util.List.of(r2, r3, r1));
        for (java.util.List<EnterpriseRegistration> order : orders) {
            state = EnterpriseSupervisor.emptyState();
            history("440106006"); // claimed at day -400, before the move on day 5
            order.forEach(x -> register(EnterpriseRegistration.newBuilder(x).build()));
            assertThat(state.getAddressSince()).isEqualTo(at(5).toEpochMilli());
            assertThat(state.getClaim().getMethod()).as("order %s", order.stream().map(x -> x.getEventId()).toList())
                    .isEqualTo(ClaimMethod.UNCLAIMED);
        }
    }

    @Test
    void coordinatesComeBeforeHistory() {
        history("440106006");
        assertThat(register(Fixtures.registration(code, T0, Fixtures.TIANHE)).profile().getUnitId())
                .isEqualTo("440106022");
    }

    @Test
    void aClusterRegistrationAddressSendsAClaimedEnterpriseToTheQueue() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        register(r);
        String group = state.getNetwork().getAddressGroup();
        assertThat(signal(group, rules.crowdedAddressLimit()).claims()).as("at the limit").isEmpty();
        Outcome crowded = signal(group, rules.crowdedAddressLimit() + 1);
        assertThat(crowded.profile().getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(crowded.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.OPEN);
            assertThat(c.getReason()).isEqualTo(ClaimReason.SHARED_ADDRESS);
            assertThat(c.getAssignedUnit()).isEqualTo("440106022");
            assertThat(c.getDetail()).contains("shared by more than " + rules.crowdedAddressLimit() + " registered");
        });
        // the unit confirms: its decision stands however crowded the address stays
        respond("c1", state.getRequest().getRequestId(), "440106022", ClaimAction.CLAIM, at(1));
        assertThat(signal(group, rules.crowdedAddressLimit() + 5).claims()).isEmpty();
        assertThat(state.getClaim().getMethod()).isEqualTo(ClaimMethod.MANUAL);
    }

    /**
     * The count falls back to the limit before any unit answered: the reason for the case is gone, the case is
     * withdrawn and the claim it displaced is back — so the final claim depends on the address's count, not on
     * whether other enterprises' joins and leaves pushed it past the limit for a moment on the way.
     */
    @Test
    void aClusterCaseNoUnitAnsweredIsWithdrawnWhenTheCountFallsBack() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        String group = state.getNetwork().getAddressGroup();
        Claim automatic = state.getClaim();
        signal(group, rules.crowdedAddressLimit() + 1);
        assertThat(state.getSharedFrom()).isEqualTo(automatic);
        restore(); // the displaced claim survives the state backend
        Outcome fell = signal(group, rules.crowdedAddressLimit());
        assertThat(fell.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.WITHDRAWN);
            assertThat(c.getReason()).isEqualTo(ClaimReason.SHARED_ADDRESS);
            assertThat(c.getDetail()).contains("no longer shared by more than " + rules.crowdedAddressLimit());
        });
        assertThat(fell.profile().getClaimMethod()).isEqualTo(automatic.getMethod());
        assertThat(fell.profile().getUnitId()).isEqualTo("440106022");
        assertThat(state.getClaim()).isEqualTo(automatic);
        assertThat(state.getSharedFrom()).isNull();
        assertThat(state.getRequest()).isNull();
    }

    /** Withdrawn and opened again: a new case, so an answer to the first, arriving late, does not decide the second. */
    @Test
    void aClusterCaseOpenedAgainIsANewCaseAndALateAnswerToTheFirstDoesNotApply() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        String group = state.getNetwork().getAddressGroup();
        signal(group, rules.crowdedAddressLimit() + 1);
        String first = state.getRequest().getRequestId();
        signal(group, rules.crowdedAddressLimit());
        apply(Fixtures.complaint(code, "c1", at(3))); // later: the second case opens at another instant
        signal(group, rules.crowdedAddressLimit() + 1);
        assertThat(state.getRequest().getRequestId()).isNotEqualTo(first);
        Outcome late = respond("a1", first, "440106022", ClaimAction.CLAIM, at(4));
        assertThat(late.inapplicable()).hasSize(1);
        assertThat(state.getClaim().getUnclaimedReason()).isEqualTo(ClaimReason.SHARED_ADDRESS);
    }

    /**
     * No count is not a small count: an enterprise that has not heard its group (0, since it counts itself) keeps its
     * case; deregistering withdraws it and leaves the displaced claim as its last.
     */
    @Test
    void aClusterCaseStaysWithoutACountAndEndsWithTheDeregistration() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        register(r);
        String group = state.getNetwork().getAddressGroup();
        Claim automatic = state.getClaim();
        signal(group, rules.crowdedAddressLimit() + 1);
        assertThat(signal(group, 0).claims()).isEmpty();
        assertThat(state.getClaim().getUnclaimedReason()).isEqualTo(ClaimReason.SHARED_ADDRESS);
        EnterpriseRegistration gone = EnterpriseRegistration.newBuilder(r).setEventId(code + "-R9")
                .setEventTime(at(30)).setChange(RegistrationChange.DEREGISTERED).build();
        Outcome o = register(gone);
        assertThat(o.claims()).extracting(c -> c.getStatus().toString()).containsExactly("WITHDRAWN");
        assertThat(state.getClaim()).isEqualTo(automatic);
        assertThat(state.getSharedFrom()).isNull();
    }

    /**
     * The standard-address database's verdicts during a cluster case apply to the claim the case displaced: a new
     * entry is what the case asks and falls back to; a flag replaces the case by one for the abnormal address. Either
     * way, the same end as when the verdict comes before the count.
     */
    @Test
    void verdictsDuringAClusterCaseEndAsIfTheyCameFirst() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        String key = org.creditgrid.claim.AddressText.normalise(r.getAddress());
        org.creditgrid.schema.StandardAddress entry = org.creditgrid.schema.StandardAddress.newBuilder()
                .setAddressId("SA9").setAddress(r.getAddress()).setUnitId("440106006").setDistrictCode("440106")
                .setAbnormal(false).setUpdateTime(at(1)).build();
        for (boolean abnormal : new boolean[] {false, true}) {
            entry.setAbnormal(abnormal);
            Claim verdict = abnormal ? claims.abnormalAddress(entry) : claims.byStandardAddress(entry);
            java.util.List<String> ends = new java.util.ArrayList<>();
            for (boolean countFirst : new boolean[] {true, false}) {
                state = EnterpriseSupervisor.emptyState();
                register(r);
                String group = state.getNetwork().getAddressGroup();
                if (countFirst) {
                    signal(group, rules.crowdedAddressLimit() + 1);
                }
                verdict(key, Claim.newBuilder(verdict).build());
                if (!countFirst) {
                    signal(group, rules.crowdedAddressLimit() + 1);
                }
                String during = state.getClaim().getUnclaimedReason() + " " + state.getRequest().getReason() + " "
                        + state.getRequest().getAssignedUnit();
                signal(group, rules.crowdedAddressLimit());
                ends.add(during + " / " + state.getClaim().getMethod() + " " + state.getClaim().getUnitId());
            }
            assertThat(ends.get(0)).as("abnormal %s", abnormal).isEqualTo(ends.get(1));
            assertThat(ends.get(0)).isEqualTo(abnormal ? "ABNORMAL_ADDRESS ABNORMAL_ADDRESS 440106006 / UNCLAIMED null"
                    : "SHARED_ADDRESS SHARED_ADDRESS 440106006 / STANDARD_ADDRESS 440106006");
        }
    }

    /** Escalated at its deadline, then the evidence moves to another unit: the case lies with it, still escalated. */
    @Test
    void anEscalatedClusterCaseFollowsTheEvidenceAndStaysEscalated() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        register(r);
        String group = state.getNetwork().getAddressGroup();
        long deadline = signal(group, rules.crowdedAddressLimit() + 1).claims().get(0).getDeadline().toEpochMilli();
        supervisor.onTime(state, deadline);
        Claim standard = claims.byUnit(ClaimMethod.STANDARD_ADDRESS, "440106001", "standard address SA1")
                .orElseThrow();
        Outcome moved = supervisor.apply(state, EnterpriseInput.newBuilder().setRegistration(r).setClaim(standard)
                .build());
        assertThat(moved.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.ESCALATED);
            assertThat(c.getDeadline()).isNull();
            assertThat(c.getAssignedUnit()).isEqualTo("440106001");
            assertThat(c.getDetail()).contains("STANDARD_ADDRESS pointed to unit 440106001").contains("escalated");
        });
    }

    /** A unit's answer is a decision: once the unit asked has returned the case, it no longer follows the count. */
    @Test
    void aClusterCaseAUnitReturnedStaysWhenTheCountFalls() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        String group = state.getNetwork().getAddressGroup();
        signal(group, rules.crowdedAddressLimit() + 1);
        respond("r1", state.getRequest().getRequestId(), "440106022", ClaimAction.RETURN, at(1));
        assertThat(signal(group, 2).claims()).isEmpty();
        assertThat(state.getClaim().getUnclaimedReason()).isEqualTo(ClaimReason.SHARED_ADDRESS);
        assertThat(state.getRequest().getStatus()).isEqualTo(ClaimStatus.RETURNED);
    }

    /**
     * Evidence that arrives during a cluster case (here the standard address, which outranks the coordinates) is what
     * the case asks and falls back to, as if it had come before the count: either order ends the same.
     */
    @Test
    void aStandardAddressArrivingDuringAClusterCaseIsWhatItFallsBackTo() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        Claim standard = claims.byUnit(ClaimMethod.STANDARD_ADDRESS, "440106001", "standard address SA1")
                .orElseThrow();
        register(r);
        String group = state.getNetwork().getAddressGroup();
        signal(group, rules.crowdedAddressLimit() + 1);
        Outcome asked = supervisor.apply(state, EnterpriseInput.newBuilder().setRegistration(r)
                .setClaim(Claim.newBuilder(standard).build()).build());
        assertThat(asked.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.OPEN);
            assertThat(c.getAssignedUnit()).as("the case now asks the standard address's unit").isEqualTo("440106001");
        });
        signal(group, rules.crowdedAddressLimit());
        Claim countFirst = state.getClaim();
        assertThat(countFirst.getMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);

        state = EnterpriseSupervisor.emptyState();
        register(r);
        supervisor.apply(state, EnterpriseInput.newBuilder().setRegistration(r)
                .setClaim(Claim.newBuilder(standard).build()).build());
        signal(group, rules.crowdedAddressLimit() + 1);
        assertThat(state.getRequest().getAssignedUnit()).isEqualTo("440106001");
        signal(group, rules.crowdedAddressLimit());
        assertThat(state.getClaim()).isEqualTo(countFirst);
    }

    @Test
    void aCrowdedCountHeardBeforeTheRegistrationSendsItToTheQueueWhenItArrives() {
        // The address group is fed forward from the registrations: its answer may overtake the registration itself.
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        signal("A|" + org.creditgrid.claim.AddressText.normalise(r.getAddress()), rules.crowdedAddressLimit() + 1);
        Outcome o = register(r);
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(o.claims()).extracting(c -> c.getStatus() + " " + c.getReason())
                .containsExactly("OPEN SHARED_ADDRESS");
        assertThat(o.claims().get(0).getAssignedUnit()).isEqualTo("440106022");
    }

    /** The address's crowded count and the evidence that claims the enterprise, in either order: no automatic claim. */
    @Test
    void aCrowdedCountHeardWhileWaitingStillSendsTheLaterClaimToTheQueue() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, null);
        register(r);
        String group = state.getNetwork().getAddressGroup();
        signal(group, rules.crowdedAddressLimit() + 1);
        assertThat(state.getClaim().getUnclaimedReason()).as("waiting for evidence, not yet a cluster case")
                .isNotEqualTo(ClaimReason.SHARED_ADDRESS);
        Outcome claimed = history("440106006");
        assertThat(claimed.claims()).extracting(c -> c.getStatus() + " " + c.getReason()).as("claimed, then queued")
                .endsWith("OPEN SHARED_ADDRESS");
        assertThat(state.getClaim().getMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(state.getClaim().getUnclaimedReason()).isEqualTo(ClaimReason.SHARED_ADDRESS);

        state = EnterpriseSupervisor.emptyState();
        register(r);
        history("440106006");
        signal(group, rules.crowdedAddressLimit() + 1);
        assertThat(state.getClaim().getMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(state.getClaim().getUnclaimedReason()).isEqualTo(ClaimReason.SHARED_ADDRESS);
    }

    @Test
    void deregisteringWithdrawsTheCase() {
        register(Fixtures.registration(code, T0, Fixtures.SHENZHEN));
        EnterpriseRegistration gone = Fixtures.registration(code, at(5), Fixtures.SHENZHEN);
        gone.setEventId(code + "-R1");
        gone.setChange(RegistrationChange.DEREGISTERED);
        assertThat(register(gone).claims()).singleElement()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ClaimStatus.WITHDRAWN));
        assertThat(state.getRequest()).isNull();
    }

    /**
     * The final claim of an enterprise that deregistered does not depend on whether its address's standard entry
     * reached the job before its registrations (a replay after a restore reads each topic at its own pace; found by
     * the chaos rounds, docs/reliability.md): an entry it already had when it deregistered claims it whenever it is
     * heard; one entered after it left does not.
     */
    @Test
    void aStandardAddressItHadWhenItDeregisteredClaimsADeregisteredEnterpriseWhicheverArrivesFirst() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        EnterpriseRegistration gone = Fixtures.registration(code, at(5), Fixtures.TIANHE);
        gone.setEventId(code + "-R1");
        gone.setChange(RegistrationChange.DEREGISTERED);
        String key = org.creditgrid.claim.AddressText.normalise(r.getAddress());
        org.creditgrid.schema.StandardAddress entry = org.creditgrid.schema.StandardAddress.newBuilder()
                .setAddressId("SA9").setAddress(r.getAddress()).setUnitId("440106006").setDistrictCode("440106")
                .setUpdateTime(at(-1)).build();
        Claim standard = claims.byStandardAddress(entry);

        // The entry first: both registrations come claimed by it.
        supervisor.apply(state, EnterpriseInput.newBuilder().setRegistration(r).setClaim(standard).build());
        supervisor.apply(state, EnterpriseInput.newBuilder().setRegistration(gone).setClaim(standard).build());
        Claim entryFirst = state.getClaim();
        assertThat(entryFirst.getMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);

        // The entry last: both come claimed by their coordinates, then the verdict, since the entry's time.
        state = EnterpriseSupervisor.emptyState();
        assertThat(register(r).profile().getClaimMethod()).isEqualTo(ClaimMethod.COORDINATES);
        register(gone);
        Outcome late = verdict(key, Claim.newBuilder(standard).setSince(entry.getUpdateTime()).build());
        assertThat(late.profile().getClaimMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
        assertThat(late.profile().getUnitId()).isEqualTo("440106006");
        assertThat(late.claims()).as("no case for an enterprise that is gone").isEmpty();
        assertThat(state.getClaim()).as("the same claim as with the entry first").isEqualTo(entryFirst);

        // An entry made after it left, or a verdict that does not say since when, changes nothing.
        state = EnterpriseSupervisor.emptyState();
        register(r);
        register(gone);
        assertThat(verdict(key, Claim.newBuilder(standard).setSince(at(6)).build()).profile()).isNull();
        assertThat(verdict(key, Claim.newBuilder(standard).build()).profile()).isNull();
        assertThat(verdict(key, claims.abnormalAddress(entry)).profile()).as("a flag: no case once gone").isNull();
        assertThat(state.getClaim().getMethod()).isEqualTo(ClaimMethod.COORDINATES);
    }

    @Test
    void anAddressChangeRerunsTheClaimAndClosesTheCase() {
        register(Fixtures.registration(code, T0, Fixtures.SHENZHEN));
        EnterpriseRegistration moved = Fixtures.registration(code, at(5), Fixtures.TIANHE);
        moved.setEventId(code + "-R1");
        moved.setChange(RegistrationChange.CHANGED);
        moved.getChangedFields().add(ChangedField.ADDRESS);
        moved.setAddress("广州市天河区体育西路9号");
        Outcome o = register(moved);
        assertThat(o.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.CLAIMED);
            assertThat(c.getRespondingUnit()).isEqualTo("440106022");
        });
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.COORDINATES);
    }

    private Outcome signal(String group, int members) {
        return supervisor.apply(state, EnterpriseInput.newBuilder()
                .setSignal(new GroupSignal(code, group, members, 0)).build());
    }

    @Test
    void aClaimedEnterpriseWhoseStandardAddressIsFlaggedGoesToTheQueueUntilItIsCorrected() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        register(r);
        String key = org.creditgrid.claim.AddressText.normalise(r.getAddress());
        org.creditgrid.schema.StandardAddress entry = org.creditgrid.schema.StandardAddress.newBuilder()
                .setAddressId("SA9").setAddress(r.getAddress()).setUnitId("440106006").setDistrictCode("440106")
                .setAbnormal(true).setUpdateTime(at(1)).build();
        Outcome flagged = verdict(key, claims.abnormalAddress(entry));
        assertThat(flagged.profile().getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(flagged.claims()).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(ClaimStatus.OPEN);
            assertThat(c.getReason()).isEqualTo(ClaimReason.ABNORMAL_ADDRESS);
        });
        assertThat(verdict("another address", claims.abnormalAddress(entry)).profile()).as("not its address").isNull();
        entry.setAbnormal(false);
        Outcome corrected = verdict(key, claims.byStandardAddress(entry));
        assertThat(corrected.profile().getClaimMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
        assertThat(corrected.claims()).singleElement()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo(ClaimStatus.CLAIMED));
    }

    private Outcome verdict(String key, Claim claim) {
        return supervisor.apply(state, EnterpriseInput.newBuilder()
                .setVerdict(new org.creditgrid.internal.AddressVerdict(code, key, claim)).build());
    }

    @Test
    void anUnclaimableRegistrationGoesToTheManualClaimQueue() {
        Outcome o = register(Fixtures.registration(code, T0, Fixtures.SHENZHEN));
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(o.claims()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo(ClaimReason.OUTSIDE_GRID);
            assertThat(c.getDistrictCode()).isEqualTo("440106");
            assertThat(c.getCandidateUnits()).hasSize(21).allSatisfy(u -> assertThat(u).startsWith("440106"));
        });
        // the same registration redelivered neither re-queues nor republishes
        Outcome again = register(Fixtures.registration(code, T0, Fixtures.SHENZHEN));
        assertThat(again.profile()).isNull();
        assertThat(again.claims()).isEmpty();
    }

    @Test
    void aStandardAddressClaimArrivingLaterClosesTheManualClaim() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, null);
        Outcome first = register(r);
        assertThat(first.profile().getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        org.creditgrid.internal.Claim standard = org.creditgrid.internal.Claim.newBuilder()
                .setMethod(ClaimMethod.STANDARD_ADDRESS).setUnitId("440106001").setUnitName("U")
                .setDistrictCode("440106").setDistrictName("天河区").setDetail("standard address SA1").build();
        Outcome claimed = supervisor.apply(state,
                EnterpriseInput.newBuilder().setRegistration(r).setClaim(standard).build());
        assertThat(claimed.profile().getClaimMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
        assertThat(claimed.profile().getUnitId()).isEqualTo("440106001");
        assertThat(claimed.profile().getVersion()).isEqualTo(2);
        assertThat(claimed.claims()).singleElement().satisfies(c ->
                assertThat(c.getStatus()).isEqualTo(org.creditgrid.schema.ClaimStatus.CLAIMED));
        assertThat(supervisor.apply(state, EnterpriseInput.newBuilder().setRegistration(r).setClaim(standard).build())
                .profile()).as("redelivered").isNull();
    }
}
