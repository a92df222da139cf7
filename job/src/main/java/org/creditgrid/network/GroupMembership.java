package org.creditgrid.network;

import java.util.List;
import java.util.Objects;
import org.creditgrid.claim.AddressText;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.internal.Membership;
import org.creditgrid.internal.Network;
import org.creditgrid.risk.Neighbourhood;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RegistrationChange;

/**
 * The enterprise's side of its groups (see {@link SharedGroups} for the group's side), in plain Java: which groups
 * it belongs to — that of its normalised registered address and that of its legal representative, none once
 * deregistered — the flag it carries into its representative's group, and what the groups last told it.
 */
public final class GroupMembership {

    private GroupMembership() {}

    /** What the enterprise's groups last told it, for the risk model. */
    public static Neighbourhood neighbourhood(EnterpriseState state) {
        Network n = state.getNetwork();
        return n == null ? Neighbourhood.NONE : new Neighbourhood(n.getAddressMembers(), n.getFlaggedRelatives());
    }

    /** What a group told the enterprise. */
    public enum Heard {
        /** The count of enterprises at its registered address. */
        ADDRESS,
        /** The count of flagged enterprises sharing its legal representative. */
        REPRESENTATIVE,
        /** About a group it has left since: ignored. */
        STALE
    }

    /** Takes in a group's signal ({@code state} is changed). */
    public static Heard hear(EnterpriseState state, GroupSignal signal) {
        Network n = network(state);
        if (signal.getGroup().equals(n.getAddressGroup())) {
            n.setAddressMembers(signal.getMembers());
            return Heard.ADDRESS;
        }
        if (signal.getGroup().equals(n.getRepresentativeGroup())) {
            n.setFlaggedRelatives(signal.getFlaggedOthers());
            return Heard.REPRESENTATIVE;
        }
        return Heard.STALE;
    }

    /** Enterprises registered at the enterprise's address, as its address group last said (itself included). */
    public static int addressMembers(EnterpriseState state) {
        return network(state).getAddressMembers();
    }

    /**
     * Adds to {@code changes} the group joins and leaves of the enterprise's current registration, as of
     * {@code asOf} (epoch ms). What a group told it goes with the group.
     */
    public static void regroup(EnterpriseState state, long asOf, List<Membership> changes) {
        EnterpriseRegistration r = state.getRegistration();
        boolean active = r.getChange() != RegistrationChange.DEREGISTERED;
        Network n = network(state);
        // Normalising costs microseconds and every input regroups: the group of an unchanged text is the one it has.
        long hash = addressHash(AddressText.VERSION, r.getAddress());
        String address = hash == n.getAddressHash() && n.getAddressGroup() != null
                ? n.getAddressGroup().substring(2) : AddressText.normalise(r.getAddress());
        String addressGroup = active && !address.isEmpty() ? "A|" + address : null;
        n.setAddressHash(addressGroup == null ? 0 : hash);
        String representativeGroup = active && !r.getLegalRepresentative().isBlank()
                ? "R|" + r.getLegalRepresentative() : null;
        String code = r.getCreditCode();
        if (!Objects.equals(addressGroup, n.getAddressGroup())) {
            if (n.getAddressGroup() != null) {
                changes.add(new Membership(n.getAddressGroup(), code, false, false, asOf));
            }
            if (addressGroup != null) {
                changes.add(new Membership(addressGroup, code, true, false, asOf));
            }
            n.setAddressGroup(addressGroup);
            n.setAddressMembers(0);
        }
        if (!Objects.equals(representativeGroup, n.getRepresentativeGroup())) {
            if (n.getRepresentativeGroup() != null) {
                changes.add(new Membership(n.getRepresentativeGroup(), code, false, false, asOf));
            }
            if (representativeGroup != null) {
                changes.add(new Membership(representativeGroup, code, true, n.getFlagged(), asOf));
            }
            n.setRepresentativeGroup(representativeGroup);
            n.setFlaggedRelatives(0);
        }
    }

    /** Carries the enterprise's flag to its legal representative's group when it changes. */
    public static void flag(EnterpriseState state, boolean flagged, long asOf, List<Membership> changes) {
        Network n = network(state);
        if (flagged == n.getFlagged()) {
            return;
        }
        n.setFlagged(flagged);
        String group = n.getRepresentativeGroup();
        if (group == null) {
            return;
        }
        for (Membership m : changes) {
            if (m.getGroup().equals(group) && m.getPresent()) {
                m.setFlagged(flagged); // joining in this very change
                return;
            }
        }
        changes.add(new Membership(group, state.getRegistration().getCreditCode(), true, flagged, asOf));
    }

    /**
     * 64-bit FNV-1a over the normalisation's version and the UTF-16 units of {@code text}, never 0 (0 means "no group
     * computed"): a release whose normalisation gives other keys regroups every enterprise on its next input.
     */
    static long addressHash(String version, String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < version.length(); i++) {
            h = (h ^ version.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ '|') * 0x100000001b3L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }

    private static Network network(EnterpriseState state) {
        if (state.getNetwork() == null) {
            state.setNetwork(Network.newBuilder().build());
        }
        return state.getNetwork();
    }
}
