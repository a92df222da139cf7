package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.EnterpriseRegistration;
import org.junit.jupiter.api.Test;

/**
 * The enterprise's side of its groups ({@link org.creditgrid.network.GroupMembership}), driven through the supervisor:
 * which groups it joins and leaves, what their counts do to its score, and counts that overtake its registrations.
 */
class GroupMembershipTest extends OneEnterprise {

    static final EnterpriseSupervisor supervisor = SUPERVISOR;
    static final ClaimModel claims = CLAIMS;
    final String code = code(7);

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
        signal("A|天河区天河路1号", 7, 0);
        signal("A|天河区天河路1号", 12, 0); // the group's answer to the return, read before the move away
        EnterpriseRegistration away = movedToTiyuxiRoad();
        register(away);
        assertThat(state.getNetwork().getAddressMembers()).isZero();
        EnterpriseRegistration back = EnterpriseRegistration.newBuilder(away).setEventId(code + "-R2")
                .setEventTime(at(20)).setAddress(r.getAddress()).build();
        register(back);
        assertThat(state.getNetwork().getAddressMembers()).isEqualTo(12);
    }

    /** Two registrations at the same instant: the greater event id is in force, whichever arrives first. */
    @Test
    void registrationsAtTheSameInstantResolveByEventIdInEitherOrder() {
        EnterpriseRegistration a = movedToTiyuxiRoad();
        EnterpriseRegistration b = EnterpriseRegistration.newBuilder(a).setEventId(code + "-R2")
                .setAddress("广州市天河区天河路1号").build();
        register(EnterpriseRegistration.newBuilder(a).build());
        register(EnterpriseRegistration.newBuilder(b).build());
        String abFirst = state.getNetwork().getAddressGroup();
        state = EnterpriseSupervisor.emptyState();
        register(EnterpriseRegistration.newBuilder(b).build());
        register(EnterpriseRegistration.newBuilder(a).build());
        assertThat(state.getNetwork().getAddressGroup()).isEqualTo(abFirst).isEqualTo("A|天河区天河路1号");
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
}
