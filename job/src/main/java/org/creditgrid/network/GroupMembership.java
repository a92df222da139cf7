package org.creditgrid.network;

import static org.creditgrid.io.AvroLists.removeWhere;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.creditgrid.claim.AddressText;
import org.creditgrid.internal.AddressNews;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.internal.Membership;
import org.creditgrid.internal.Network;
import org.creditgrid.risk.Neighbourhood;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RegistrationChange;

/**
 * The enterprise's side of its groups (see {@link SharedGroups} for the group's side), in plain Java, in the
 * enterprise operator: which groups it belongs to — that of its normalised registered address (joined and left by
 * {@link AddressMemberships}, fed forward) and that of its legal representative (joined and left here, through the
 * feedback topic), none once deregistered — the flag it carries into its representative's group, and what the
 * groups last told it.
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

    /**
     * Takes in a group's signal ({@code state} is changed). Address groups are fed forward from the registrations,
     * on another path than the registration itself: the count of an address group other than the enterprise's current
     * one is kept (see {@link #ADDRESS_NEWS_KEPT}) for a registration that joins it, here later than at the group.
     */
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
        if (signal.getGroup().startsWith(ADDRESS)) {
            List<AddressNews> news = new ArrayList<>(n.getAddressNews());
            removeWhere(news, a -> a.getGroup().equals(signal.getGroup()));
            n.setAddressNews(news);
            news.add(new AddressNews(signal.getGroup(), signal.getMembers()));
            if (news.size() > ADDRESS_NEWS_KEPT) {
                news.remove(0);
            }
        }
        return Heard.STALE;
    }

    /**
     * Address groups' last word kept beside the current group's: counts heard ahead of the registration that joins
     * their group, and the count of each group left (a later registration may return there after the group's answer
     * to that return has arrived). More than a few at once means the oldest are of groups left long ago.
     */
    static final int ADDRESS_NEWS_KEPT = 4;

    private static final String ADDRESS = "A|";

    /**
     * Whether the enterprise keeps the count of an address group other than its own (see {@link #hear}); before its
     * first registration, that is a count heard ahead of it.
     */
    public static boolean heardAhead(EnterpriseState state) {
        return state.getNetwork() != null && !state.getNetwork().getAddressNews().isEmpty();
    }

    /** Enterprises registered at the enterprise's address, as its address group last said (itself included). */
    public static int addressMembers(EnterpriseState state) {
        return network(state).getAddressMembers();
    }

    /**
     * Follows the enterprise's current registration as of {@code asOf} (epoch ms): its address group (joined and left
     * by {@link AddressMemberships}, fed forward) and its legal representative's group, whose joins and leaves are
     * added to {@code changes} for the feedback topic. What a group told it goes with the group; moving into an
     * address group whose count it had already heard (see {@link #hear}), it takes that count.
     */
    public static void regroup(EnterpriseState state, long asOf, List<Membership> changes) {
        EnterpriseRegistration r = state.getRegistration();
        boolean active = r.getChange() != RegistrationChange.DEREGISTERED;
        Network n = network(state);
        // Normalising costs microseconds and every input regroups: the group of an unchanged text is the one it has.
        long hash = addressHash(AddressText.VERSION, r.getAddress());
        String address = hash == n.getAddressHash() && n.getAddressGroup() != null
                ? n.getAddressGroup().substring(2) : AddressText.normalise(r.getAddress());
        String addressGroup = AddressMemberships.group(r, address);
        n.setAddressHash(addressGroup == null ? 0 : hash);
        String representativeGroup = active && !r.getLegalRepresentative().isBlank()
                ? "R|" + r.getLegalRepresentative() : null;
        String code = r.getCreditCode();
        if (!Objects.equals(addressGroup, n.getAddressGroup())) {
            if (n.getAddressGroup() != null && n.getAddressJoinedHere()) {
                // Joined by this operator before groups ran forward: AddressMemberships never saw that join.
                changes.add(new Membership(n.getAddressGroup(), code, false, false, asOf));
            }
            n.setAddressJoinedHere(false);
            move(n, addressGroup);
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

    /**
     * Moves the enterprise's address count to {@code addressGroup} (null: none), keeping every group's last word:
     * registrations reach the enterprise in another order than they reached {@link AddressMemberships}, so the count
     * for this move may have come before, during an earlier registration (which must not drop it), or after.
     */
    private static void move(Network n, String addressGroup) {
        List<AddressNews> news = new ArrayList<>(n.getAddressNews());
        String left = n.getAddressGroup();
        if (left != null && left.startsWith(ADDRESS)) {
            removeWhere(news, a -> a.getGroup().equals(left));
            news.add(new AddressNews(left, n.getAddressMembers()));
        }
        int members = 0;
        for (AddressNews a : news) {
            if (a.getGroup().equals(addressGroup)) {
                members = a.getMembers();
            }
        }
        removeWhere(news, a -> a.getGroup().equals(addressGroup));
        while (news.size() > ADDRESS_NEWS_KEPT) {
            news.remove(0);
        }
        n.setAddressNews(news);
        n.setAddressGroup(addressGroup);
        n.setAddressMembers(members);
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
            state.setNetwork(Network.newBuilder().setAddressJoinedHere(false).setAddressNews(new ArrayList<>()).build());
        }
        return state.getNetwork();
    }
}
