package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.abnormal;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;
import static org.creditgrid.Fixtures.complaint;

import java.io.IOException;
import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;
import org.junit.jupiter.api.Test;

class EnterpriseSupervisorTest extends OneEnterprise {

    static final EnterpriseSupervisor supervisor = SUPERVISOR;
    static final ClaimModel claims = CLAIMS;
    final String code = code(7);


    @Test
    void aRegistrationPublishesTheFirstProfile() {
        Outcome o = register(Fixtures.restaurant(code, T0));
        assertThat(o.profile()).isNotNull();
        assertThat(o.profile().getVersion()).isEqualTo(1);
        assertThat(o.profile().getRiskClass()).isEqualTo(RiskClass.B); // any indicator is B
        assertThat(o.profile().getScore()).isEqualTo(4); // high-risk industry
        assertThat(o.profile().getPool()).isEqualTo(Pool.PRUDENT);
        assertThat(o.profile().getUnitId()).isEqualTo("440106022"); // 新塘街道, Tianhe
        assertThat(o.profile().getDistrictCode()).isEqualTo("440106");
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.COORDINATES);
        assertThat(o.claims()).isEmpty();
        assertThat(o.triggers()).isEmpty();
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
    void aComplaintTriggersAnInspectionButChangesNoProfile() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        Outcome o = apply(complaint(code, "c1", at(1)));
        assertThat(o.profile()).isNull(); // one complaint moves no indicator
        assertThat(o.triggers()).singleElement().satisfies(t -> {
            assertThat(t.getReason()).isEqualTo(TriggerReason.COMPLAINT);
            assertThat(t.getTriggerId()).isEqualTo("c1:COMPLAINT");
            assertThat(t.getUnitId()).isEqualTo("440106022");
            assertThat(t.getUrgency()).isEqualTo(Urgency.ROUTINE);
        });
    }

    @Test
    void theAbnormalListRaisesTheClassWithItsTriggersAndReasons() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        Outcome o = apply(abnormal(code, "a1", at(1)));
        assertThat(o.profile().getRiskClass()).isEqualTo(RiskClass.C);
        assertThat(o.profile().getPreviousClass()).isEqualTo(RiskClass.A);
        assertThat(o.profile().getVersion()).isEqualTo(2);
        assertThat(o.profile().getPool()).isEqualTo(Pool.PRUDENT);
        assertThat(o.profile().getReasons()).extracting(r -> r.getIndicator())
                .contains("supervision.abnormal_list", "override.abnormal_list");
        assertThat(o.triggers()).extracting(InspectionTrigger::getReason)
                .containsExactly(TriggerReason.ABNORMAL_LIST_ENTRY, TriggerReason.CLASS_RAISED_TO_C);
        assertThat(o.triggers()).allSatisfy(t -> assertThat(t.getUrgency()).isEqualTo(Urgency.PRIORITY));
    }

    @Test
    void eventsBeforeTheRegistrationAreHeldAndCountOnceItArrives() {
        Outcome early = apply(abnormal(code, "a1", at(1)));
        assertThat(early.profile()).isNull();
        assertThat(early.triggers()).isEmpty();
        assertThat(state.getLedger()).hasSize(1);

        Outcome o = register(Fixtures.registration(code, at(2), Fixtures.TIANHE));
        assertThat(o.profile().getRiskClass()).isEqualTo(RiskClass.C);
        assertThat(o.triggers()).extracting(InspectionTrigger::getReason)
                .containsExactly(TriggerReason.ABNORMAL_LIST_ENTRY);
    }

    @Test
    void anEventDatedAfterItsRegistrationButArrivingFirstCountsWhenTheRegistrationArrives() {
        apply(abnormal(code, "a1", at(5)));
        Outcome o = register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        assertThat(o.profile().getRiskClass()).isEqualTo(RiskClass.C);
        assertThat(o.profile().getEventTime()).isEqualTo(at(5));
    }

    @Test
    void aRedeliveredEarlierRegistrationChangeCountsOnce() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        EnterpriseRegistration move = Fixtures.registration(code, at(10), Fixtures.TIANHE);
        move.setEventId(code + "-R1");
        move.setLegalRepresentative("LR1");
        move.setChange(org.creditgrid.schema.RegistrationChange.CHANGED);
        move.setChangedFields(new java.util.ArrayList<>(List.of(org.creditgrid.schema.ChangedField.ADDRESS)));
        move.setAddress("广州市天河区体育西路2号");
        register(move);
        EnterpriseRegistration rep = Fixtures.registration(code, at(20), Fixtures.TIANHE);
        rep.setEventId(code + "-R2");
        rep.setChange(org.creditgrid.schema.RegistrationChange.CHANGED);
        rep.setChangedFields(new java.util.ArrayList<>(List.of(org.creditgrid.schema.ChangedField.LEGAL_REPRESENTATIVE)));
        register(rep);
        assertThat(register(move).profile()).isNull(); // the earlier change again
        assertThat(state.getRegistrationChanges()).hasSize(2);
    }

    @Test
    void theSameEventIdCountsOnceAndLateEventsLandInTheirPlace() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        apply(complaint(code, "c2", at(5)));
        assertThat(apply(complaint(code, "c2", at(5))).triggers()).isEmpty();
        apply(complaint(code, "c1", at(3))); // late
        assertThat(state.getLedger()).extracting(EnforcementEvent::getEventId).containsExactly("c1", "c2");
        Outcome third = apply(complaint(code, "c3", at(6)));
        assertThat(third.profile().getScore()).isEqualTo(4); // three complaints in a year
    }

    @Test
    void whenPenaltiesExpireThreeYearsLaterTheClassFallsWithNoNewInput() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        apply(Fixtures.fine(code, "p1", at(1), 50_000, org.creditgrid.schema.PenaltyField.FOOD, true));
        Outcome second = apply(
                Fixtures.fine(code, "p2", at(2), 50_000, org.creditgrid.schema.PenaltyField.FOOD, false));
        assertThat(second.profile().getRiskClass()).isEqualTo(RiskClass.B); // 15 + 12
        assertThat(second.wakeUp()).isEqualTo(at(1 + 1096).toEpochMilli());

        Outcome first = supervisor.onTime(state, at(1 + 1096).toEpochMilli());
        assertThat(first.profile().getScore()).isEqualTo(12);
        assertThat(first.profile().getRiskClass()).isEqualTo(RiskClass.B);
        assertThat(first.wakeUp()).isEqualTo(at(2 + 1096).toEpochMilli());
        Outcome last = supervisor.onTime(state, at(2 + 1096).toEpochMilli());
        assertThat(last.profile().getScore()).isZero();
        assertThat(last.profile().getRiskClass()).isEqualTo(RiskClass.A);
        assertThat(last.wakeUp()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void eventsForAnEnterpriseThatNeverRegistersAreGivenUpOnWithinLimits() {
        EnterpriseSupervisor limited = Supervisors.of(
                new RiskModel(supervisorRules()), poolRules(), new EnterpriseSupervisor.Limits(2, 7 * Fixtures.DAY, 0));
        EnterpriseState s = EnterpriseSupervisor.emptyState();
        limited.apply(s, EnterpriseInput.newBuilder().setEvent(complaint(code, "c1", at(1))).build());
        limited.apply(s, EnterpriseInput.newBuilder().setEvent(complaint(code, "c2", at(2))).build());
        Outcome overflow =
                limited.apply(s, EnterpriseInput.newBuilder().setEvent(complaint(code, "c3", at(3))).build());
        assertThat(overflow.unknown()).extracting(EnforcementEvent::getEventId).containsExactly("c1");
        assertThat(overflow.wakeUp()).isEqualTo(at(2 + 7).toEpochMilli()); // the oldest held one's deadline

        assertThat(limited.onTime(s, at(8).toEpochMilli()).clear()).isFalse();
        Outcome timeout = limited.onTime(s, at(9).toEpochMilli());
        assertThat(timeout.clear()).isTrue();
        assertThat(timeout.tombstone()).isFalse(); // nothing was ever published
        assertThat(timeout.unknown()).extracting(EnforcementEvent::getEventId).containsExactly("c2", "c3");
    }

    @Test
    void aDeregisteredEnterpriseEndsAfterItsRetentionWithATombstone() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        EnterpriseRegistration gone = Fixtures.registration(code, at(10), Fixtures.TIANHE);
        gone.setEventId(code + "-R1");
        gone.setChange(org.creditgrid.schema.RegistrationChange.DEREGISTERED);
        Outcome o = register(gone);
        assertThat(o.profile().getStatus()).isEqualTo(org.creditgrid.schema.EnterpriseStatus.DEREGISTERED);
        assertThat(o.wakeUp()).isEqualTo(at(10 + 180).toEpochMilli());
        Outcome end = supervisor.onTime(state, at(10 + 180).toEpochMilli());
        assertThat(end.clear()).isTrue();
        assertThat(end.tombstone()).isTrue();
    }

    private static RiskRules supervisorRules() {
        try {
            return RiskRules.load(RiskRules.DEFAULT_LOCATION);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static PoolRules poolRules() {
        try {
            return PoolRules.load(PoolRules.DEFAULT_LOCATION);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theLedgerKeepsOnlyWhatCanStillCount() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        for (int i = 0; i < 50; i++) { // fifty complaints a month apart: at most a year's worth can count
            apply(complaint(code, "c" + i, at(30L * i)));
        }
        apply(Fixtures.event(code, "alert", at(30L * 50), org.creditgrid.schema.EventKind.DATA_ALERT,
                new org.creditgrid.schema.Note("alert")));
        apply(abnormal(code, "a1", at(30L * 50)));
        apply(complaint(code, "c50", at(30L * 50 + 100)));
        // Pruning lags the latest time by 90 days: what ended before day 1510 is gone, what can count is kept.
        assertThat(state.getLedger()).extracting(EnforcementEvent::getEventId)
                .doesNotContain("c0", "c30", "alert")
                .contains("c40", "c49", "c50", "a1");
        assertThat(state.getLedger()).hasSizeLessThanOrEqualTo(18);
        // 20 for the abnormal list + 4 for 3 to 9 complaints in the year before day 1600 (c42 to c50)
        assertThat(state.getProfile().getScore()).isEqualTo(24);
        // A pruned event delivered again is still recognised.
        Outcome again = apply(complaint(code, "c0", at(0)));
        assertThat(again.triggers()).isEmpty();
        assertThat(state.getLedger()).extracting(EnforcementEvent::getEventId).doesNotContain("c0");
    }

    @Test
    void aSeriousRemovalArrivingBeforeItsListingStillEndsIt() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        apply(Fixtures.event(code, "s-out", at(400), org.creditgrid.schema.EventKind.SERIOUS_LIST_REMOVED, null));
        apply(complaint(code, "c1", at(700))); // time moves on, pruning runs
        Outcome late = apply(Fixtures.event(code, "s-in", at(10),
                org.creditgrid.schema.EventKind.SERIOUS_LIST_ADDED,
                new org.creditgrid.schema.SeriousListing(org.creditgrid.schema.SeriousBasis.HEAVIER_PENALTY)));
        assertThat(state.getProfile().getRiskClass()).isEqualTo(RiskClass.A);
        assertThat(late.profile()).isNull();
    }

    @Test
    void aDrawTakesTheEnterpriseWhenItsNumberIsBelowItsClassRatio() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P1").setEventTime(at(10)).setPeriodStart(at(10))
                .setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR", "PRICE", null),
                        new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setRatios(new ClassRatios(1.0, 0.0, 0.0, 0.0)).setSeed(5).setTaskDeadline(at(40)).build();
        InspectionTask task = Supervisors.drawn(supervisor, state, plan);
        assertThat(task).isNotNull();
        assertThat(task.getTaskId()).isEqualTo("P1:" + code);
        assertThat(task.getItems()).hasSize(2); // one joint visit for both departments
        assertThat(task.getDraw()).isEqualTo(SamplingDraw.uniform(5, code));
        plan.setRatios(new ClassRatios(0.0, 1.0, 1.0, 1.0));
        assertThat(Supervisors.drawn(supervisor, state, plan)).isNull();
    }

    @Test
    void aPlanTargetingASubLibraryDrawsOnlyItsMembers() {
        EnterpriseRegistration restaurant = Fixtures.restaurant(code, T0);
        register(restaurant);
        // "division H62 enterprises, city-wide": catering
        String catering = state.getProfile().getSubLibraries().get(0);
        SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P-H62").setEventTime(at(10)).setPeriodStart(at(10))
                .setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR-FOOD", "FOOD_SAFETY", null)))
                .setTargetSubLibraries(List.of(catering))
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(5).setTaskDeadline(at(40)).build();
        assertThat(state.getProfile().getSubLibraries()).hasSize(14);
        assertThat(Supervisors.drawn(supervisor, state, plan)).isNotNull();

        EnterpriseState restaurantState = state;
        state = EnterpriseSupervisor.emptyState();
        register(Fixtures.registration(code(8), T0, Fixtures.TIANHE)); // retail, F5261
        assertThat(state.getProfile().getSubLibraries()).doesNotContain(catering).isNotEmpty();
        assertThat(Supervisors.drawn(supervisor, state, plan)).isNull();
        assertThat(restaurantState.getProfile().getSubLibraries()).contains(catering);
    }

    private Outcome signal(String group, int members, int flaggedOthers) {
        return supervisor.apply(state, EnterpriseInput.newBuilder()
                .setSignal(new org.creditgrid.internal.GroupSignal(code, group, members, flaggedOthers)).build());
    }

    @Test
    void anEnterpriseHearsTheGroupsOfItsAddressAndLegalRepresentative() {
        EnterpriseRegistration first = Fixtures.registration(code, T0, Fixtures.TIANHE);
        first.setAddress("广州市天河区天河路1号");
        first.setLegalRepresentative("LR1");
        Outcome o = register(first);
        assertThat(o.memberships()).as("address groups are joined forward, by AddressMemberships")
                .extracting(m -> m.getGroup() + " " + m.getPresent() + " " + m.getFlagged())
                .containsExactly("R|LR1 true false");

        Outcome shared = signal("A|天河区天河路1号", 12, 0);
        assertThat(shared.profile().getReasons()).extracting(r -> r.getIndicator() + " " + r.getPoints())
                .contains("dynamic.shared_address 6");
        Outcome related = signal("R|LR1", 2, 1);
        assertThat(related.profile().getReasons()).extracting(r -> r.getIndicator() + " " + r.getPoints())
                .contains("relationships.related_high_risk 6");
        assertThat(signal("A|elsewhere", 30, 0).profile()).as("a group it is not in").isNull();

        // Moving: leaves the old address group, joins the new one, and the shared-address points go.
        EnterpriseRegistration move = Fixtures.registration(code, at(10), Fixtures.TIANHE);
        move.setEventId(code + "-R1");
        move.setLegalRepresentative("LR1");
        move.setAddress("广州市 天河区 体育西路 2 號");
        move.setChange(org.creditgrid.schema.RegistrationChange.CHANGED);
        move.setChangedFields(new java.util.ArrayList<>(List.of(org.creditgrid.schema.ChangedField.ADDRESS)));
        Outcome moved = register(move);
        assertThat(moved.memberships()).isEmpty();
        assertThat(moved.profile().getReasons()).extracting(r -> r.getIndicator())
                .doesNotContain("dynamic.shared_address").contains("relationships.related_high_risk");

        EnterpriseRegistration gone = Fixtures.registration(code, at(20), Fixtures.TIANHE);
        gone.setEventId(code + "-R2");
        gone.setLegalRepresentative("LR1");
        gone.setChange(org.creditgrid.schema.RegistrationChange.DEREGISTERED);
        assertThat(register(gone).memberships()).extracting(m -> m.getGroup() + " " + m.getPresent())
                .containsExactly("R|LR1 false");
    }

    /** The enterprise's move on day 10 to 天河区体育西路2号. */
    private EnterpriseRegistration movedToTiyuxiRoad() {
        EnterpriseRegistration move = Fixtures.registration(code, at(10), Fixtures.TIANHE);
        move.setEventId(code + "-R1");
        move.setAddress("广州市天河区体育西路2号");
        move.setChange(org.creditgrid.schema.RegistrationChange.CHANGED);
        move.setChangedFields(new java.util.ArrayList<>(List.of(org.creditgrid.schema.ChangedField.ADDRESS)));
        return move;
    }

    @Test
    void anAddressGroupsCountHeardBeforeTheRegistrationThatJoinsItCountsWhenItArrives() {
        // The group's answer travels forward on another path than the registration: it may come first.
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        r.setAddress("广州市天河区天河路1号");
        assertThat(signal("A|天河区天河路1号", 12, 0).clear()).as("kept for the registration to come").isFalse();
        assertThat(register(r).profile().getReasons()).extracting(x -> x.getIndicator() + " " + x.getPoints())
                .contains("dynamic.shared_address 6");
        assertThat(signal("A|天河区体育西路2号", 11, 0).profile()).as("a group it has not joined").isNull();

        EnterpriseRegistration move = movedToTiyuxiRoad();
        Outcome moved = register(move);
        assertThat(moved.profile().getReasons()).extracting(x -> x.getIndicator() + " " + x.getPoints())
                .as("the count heard ahead, 11").contains("dynamic.shared_address 6");
        assertThat(state.getNetwork().getAddressNews()).extracting(a -> a.getGroup() + " " + a.getMembers())
                .as("the group left keeps its last word").containsExactly("A|天河区天河路1号 12");
    }

    /**
     * Registrations reach the address groups and the enterprise in different orders: the new group's count, heard
     * before the enterprise has even read its first registration, must outlive that registration (seen in a bench
     * replay: a business centre's 45 lost, claim and score differing between runs).
     */
    @Test
    void aCountHeardAheadOutlivesAnEarlierRegistrationArrivingInBetween() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        r.setAddress("广州市天河区天河路1号");
        EnterpriseRegistration move = movedToTiyuxiRoad();
        signal("A|天河区体育西路2号", 11, 0);
        register(r);
        assertThat(register(move).profile().getReasons()).extracting(x -> x.getIndicator() + " " + x.getPoints())
                .contains("dynamic.shared_address 6");
        assertThat(state.getNetwork().getAddressMembers()).isEqualTo(11);
    }

    /** Back to a group left: its answer to the return may have come while the enterprise still read it as current. */
    @Test
    void aGroupLeftAndJoinedAgainKeepsTheCountItLastSaid() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        r.setAddress("广州市天河区天河路1号");
        register(r);
        signal("A|天河区天河路1号", 12, 0);
        EnterpriseRegistration away = movedToTiyuxiRoad();
        register(away);
        assertThat(state.getNetwork().getAddressMembers()).isZero();
        EnterpriseRegistration back = EnterpriseRegistration.newBuilder(away).setEventId(code + "-R2")
                .setEventTime(at(20)).setAddress(r.getAddress()).build();
        register(back);
        assertThat(state.getNetwork().getAddressMembers()).isEqualTo(12);
    }

    @Test
    void aStateFromBeforeForwardGroupsLeavesTheAddressGroupItJoinedItself() {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        r.setAddress("广州市天河区天河路1号");
        register(r);
        state.getNetwork().setAddressJoinedHere(true); // as restored from a 07f9757 savepoint
        EnterpriseRegistration move = movedToTiyuxiRoad();
        assertThat(register(move).memberships()).extracting(m -> m.getGroup() + " " + m.getPresent())
                .containsExactly("A|天河区天河路1号 false");
        EnterpriseRegistration back = Fixtures.registration(code, at(20), Fixtures.TIANHE);
        back.setEventId(code + "-R2");
        back.setChange(org.creditgrid.schema.RegistrationChange.DEREGISTERED);
        assertThat(register(back).memberships()).as("the new group was joined forward: left forward")
                .extracting(m -> m.getGroup()).doesNotContain("A|天河区体育西路2号");
    }

    @Test
    void aFlagChangeIsPublishedToTheLegalRepresentativesGroup() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        Outcome listed = apply(Fixtures.event(code, "s1", at(1),
                org.creditgrid.schema.EventKind.SERIOUS_LIST_ADDED,
                new org.creditgrid.schema.SeriousListing(org.creditgrid.schema.SeriousBasis.HEAVIER_PENALTY)));
        assertThat(listed.memberships()).extracting(m -> m.getGroup() + " " + m.getFlagged())
                .containsExactly("R|LR-" + code + " true");
    }

    @Test
    void newsForAnEnterpriseWithNoStateKeepsNothing() {
        Outcome o = signal("R|LR1", 2, 1);
        assertThat(o.clear()).isTrue();
        assertThat(o.profile()).isNull();
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
