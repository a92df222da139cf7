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
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.junit.jupiter.api.Test;

/**
 * The enterprise core, in plain Java: the registration lifecycle (first profile, redelivery, deregistration and its
 * retention), events before their registration, the same event id once, late events in their place, expiry with no
 * new input, and the bounded ledger. The other parts have a test class each (see the README's Tests).
 */
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
        assertThat(state.getPublished().getScore()).isEqualTo(24);
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
        assertThat(state.getPublished().getRiskClass()).isEqualTo(RiskClass.A);
        assertThat(late.profile()).isNull();
    }
}
