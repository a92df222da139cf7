package org.creditgrid.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.creditgrid.claim.AddressText;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.internal.AddressVerdict;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.schema.ClaimAction;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RegistrationChange;

/**
 * The enterprise's claim to a grid unit and its manual-claim case, in plain Java (the smart claim model's
 * per-enterprise side): the evidence chain on each address (standard address, coordinates, the enterprise's own
 * history), the standard address database's verdicts, a new grid, a cluster-registration address, the units' answers
 * and the deadlines. Each method changes the claim and case in {@code state}, adds the case's transitions to
 * {@code out} in order, and says whether the claim changed (so the enterprise is assessed again).
 */
final class ClaimCase {

    private final ClaimRules rules;

    ClaimCase(ClaimRules rules) {
        this.rules = rules;
    }

    /**
     * A registration (new, or changing the address): the claim chain's {@code evidence} for it, or the enterprise's
     * own history when the evidence leaves it unclaimed for want of evidence. A case in progress closes (claimed, or
     * replaced by a case on the new address); a deregistration withdraws it.
     */
    void registered(EnterpriseState state, EnterpriseRegistration r, boolean addressChanged, Claim evidence,
                    List<ClaimRequest> out) {
        if (r.getChange() == RegistrationChange.DEREGISTERED) {
            close(state, ClaimStatus.WITHDRAWN, "the enterprise deregistered", null, r.getEventTime(), out);
        }
        if (!addressChanged && state.getClaim() != null) {
            return;
        }
        Claim c = evidence;
        if (c.getMethod() == ClaimMethod.UNCLAIMED && historyApplies(c) && historyCurrent(state)) {
            c = state.getHistory();
        }
        claim(state, c);
        if (c.getMethod() != ClaimMethod.UNCLAIMED) {
            close(state, ClaimStatus.CLAIMED, "the address changed; claimed by " + c.getMethod() + ": unit "
                    + c.getUnitId(), c.getUnitId(), r.getEventTime(), out);
        } else if (r.getChange() != RegistrationChange.DEREGISTERED) {
            close(state, ClaimStatus.WITHDRAWN, "replaced by case " + r.getCreditCode() + ":"
                    + r.getEventId() + " after the address changed", null, r.getEventTime(), out);
            open(state, request(r, c, r.getEventTime()), out);
        }
    }

    /**
     * The current registration again, now with the standard-address evidence: its address entered the standard
     * address database, so a waiting enterprise is claimed and its case closes; a claim by history or coordinates
     * gives way to it (the first evidence of the chain, whichever arrived first). False if that does not apply.
     */
    boolean standardAddressAdded(EnterpriseState state, EnterpriseRegistration r, Claim evidence,
                                 List<ClaimRequest> out) {
        EnterpriseRegistration current = state.getRegistration();
        Claim from = state.getSharedFrom();
        Claim c = from != null ? from : state.getClaim();
        boolean outranked = c != null && (c.getMethod() == ClaimMethod.HISTORY || c.getMethod() == ClaimMethod.COORDINATES
                || c.getMethod() == ClaimMethod.UNCLAIMED && c.getUnclaimedReason() != ClaimReason.SHARED_ADDRESS);
        if (current == null || !current.getEventId().equals(r.getEventId()) || !outranked
                || state.getPublished() == null || evidence.getMethod() != ClaimMethod.STANDARD_ADDRESS) {
            return false;
        }
        if (from != null) {
            state.setSharedFrom(evidence); // the cluster case goes on, now asking the standard address's unit
            return true;
        }
        claim(state, evidence);
        close(state, ClaimStatus.CLAIMED, "claimed by standard address: unit " + evidence.getUnitId(),
                evidence.getUnitId(), r.getEventTime(), out);
        return true;
    }

    /** A historical claim, kept; it claims now if the enterprise waits for want of evidence at its current address. */
    boolean history(EnterpriseState state, Claim history, List<ClaimRequest> out) {
        state.setHistory(history);
        Claim current = state.getClaim();
        EnterpriseRegistration r = state.getRegistration();
        if (r == null || current == null || current.getMethod() != ClaimMethod.UNCLAIMED || !historyApplies(current)
                || !historyCurrent(state) || r.getChange() == RegistrationChange.DEREGISTERED
                || state.getPublished() == null) {
            return false; // kept for a later address change
        }
        claim(state, history);
        close(state, ClaimStatus.CLAIMED, "claimed by its historical claim: unit " + history.getUnitId(),
                history.getUnitId(), Instant.ofEpochMilli(state.getPublished().getEventTime()), out);
        return true;
    }

    /**
     * The move to the current address turned out later than known (its registration arrived late): a claim by a
     * history older than the move no longer holds, and the claim chain's {@code evidence} for that address decides
     * (a case opens if it leaves the enterprise unclaimed). False if the claim is not by history or still holds.
     */
    boolean movedSince(EnterpriseState state, Claim evidence, List<ClaimRequest> out) {
        Claim c = state.getClaim();
        if (c == null || c.getMethod() != ClaimMethod.HISTORY || historyCurrent(state) || state.getPublished() == null) {
            return false;
        }
        registered(state, state.getRegistration(), true, evidence, out);
        return true;
    }

    /**
     * The standard address database flagged the enterprise's address abnormal (an automatic claim gives way to a
     * case), corrected it (a case opened for that reason closes), added it or moved it to another unit (the standard
     * address outranks coordinates and history). Applies only while the enterprise is still registered at that
     * address (once deregistered, only an entry it already had then: {@link DeregisteredClaim}); a
     * unit's decision (MANUAL) stands. During a cluster-registration case no unit has answered, the verdict
     * applies to the claim the case displaced, as if it had come first: a flag replaces the case by one for the
     * abnormal address, a standard address becomes the claim the case falls back to.
     */
    boolean verdict(EnterpriseState state, AddressVerdict verdict, List<ClaimRequest> out) {
        EnterpriseRegistration r = state.getRegistration();
        Claim from = state.getSharedFrom();
        Claim c = from != null ? from : state.getClaim();
        if (r == null || c == null || state.getPublished() == null
                || !AddressText.normalise(r.getAddress()).equals(verdict.getAddressKey())) {
            return false;
        }
        Claim next = Claim.newBuilder(verdict.getClaim()).setSince(null).build(); // since: the entry's time, not kept
        if (r.getChange() == RegistrationChange.DEREGISTERED) {
            return DeregisteredClaim.standardAddressItHad(state, r, c, from, verdict.getClaim());
        }
        Instant at = Instant.ofEpochMilli(state.getPublished().getEventTime());
        if (next.getMethod() == ClaimMethod.UNCLAIMED && c.getMethod() != ClaimMethod.UNCLAIMED
                && c.getMethod() != ClaimMethod.MANUAL) {
            claim(state, next);
            ClaimRequest opened = request(r, next, at);
            opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":abnormal");
            close(state, ClaimStatus.WITHDRAWN, "replaced by case " + opened.getRequestId(), null, at, out);
            open(state, opened, out);
        } else if (next.getMethod() != ClaimMethod.UNCLAIMED && c.getMethod() == ClaimMethod.UNCLAIMED
                && c.getUnclaimedReason() == ClaimReason.ABNORMAL_ADDRESS) {
            claim(state, next);
            close(state, ClaimStatus.CLAIMED, "the standard address was corrected: unit " + next.getUnitId(),
                    next.getUnitId(), at, out);
        } else if (next.getMethod() == ClaimMethod.STANDARD_ADDRESS && (c.getMethod() == ClaimMethod.COORDINATES
                || c.getMethod() == ClaimMethod.HISTORY
                || c.getMethod() == ClaimMethod.STANDARD_ADDRESS && !next.getUnitId().equals(c.getUnitId()))) {
            if (from != null) {
                state.setSharedFrom(next); // the cluster case goes on, now asking the standard address's unit
            } else {
                claim(state, next); // the first evidence of the chain, now known or moved
            }
        } else {
            return false;
        }
        return true;
    }

    /**
     * A new grid is in force and {@code changed} lists the units it changes. Claimed by coordinates in a changed unit,
     * or waiting because its point lay outside the old grid: the coordinates are looked up again. Claimed by other
     * evidence naming a unit the new grid no longer has: the claim chain runs again from the coordinates. Claimed
     * by a unit the new grid renamed or moved to another district: the names follow. Everything else stays. During a
     * cluster-registration case no unit has answered, this applies to the claim the case displaced.
     */
    boolean regrid(EnterpriseState state, ClaimModel model, Set<String> changed, List<ClaimRequest> out) {
        EnterpriseRegistration r = state.getRegistration();
        Claim from = state.getSharedFrom();
        Claim c = from != null ? from : state.getClaim();
        if (r == null || c == null || state.getPublished() == null || r.getChange() == RegistrationChange.DEREGISTERED) {
            return false;
        }
        Claim next;
        if (c.getMethod() == ClaimMethod.UNCLAIMED) {
            if (c.getUnclaimedReason() != ClaimReason.OUTSIDE_GRID) {
                return false;
            }
            next = model.claim(r);
        } else if (!changed.contains(c.getUnitId())) {
            return false;
        } else if (c.getMethod() == ClaimMethod.COORDINATES) {
            next = model.claim(r);
        } else {
            next = model.byUnit(c.getMethod(), c.getUnitId(), c.getDetail()).orElseGet(() -> model.claim(r));
            next.setSince(c.getSince());
        }
        if (next.equals(c) || next.getMethod() == ClaimMethod.UNCLAIMED && c.getMethod() == ClaimMethod.UNCLAIMED) {
            return false; // a case in progress goes on
        }
        if (from != null && next.getMethod() != ClaimMethod.UNCLAIMED) {
            state.setSharedFrom(next); // the cluster case goes on, asking the unit the new grid names
            return true;
        }
        claim(state, next);
        Instant at = Instant.ofEpochMilli(state.getPublished().getEventTime());
        if (next.getMethod() != ClaimMethod.UNCLAIMED) {
            close(state, ClaimStatus.CLAIMED, "claimed by " + next.getMethod() + " on a new grid: unit "
                    + next.getUnitId(), next.getUnitId(), at, out);
        } else {
            next.setDetail(next.getDetail() + " (unit " + c.getUnitId() + " changed in the new grid)");
            ClaimRequest opened = request(r, next, at);
            opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":regrid");
            close(state, ClaimStatus.WITHDRAWN, "replaced by case " + opened.getRequestId(), null, at, out);
            open(state, opened, out);
        }
        return true;
    }

    /**
     * The enterprise's address is registered by {@code members} enterprises: past the crowded-address limit, a
     * cluster-registration address says nothing about where the enterprise operates, so an automatic claim gives way
     * to a case ({@code SHARED_ADDRESS}) asking the unit the evidence pointed to first, opened at {@code at} (epoch
     * ms). Until a unit answers, the case follows the count: when it falls back to the limit, the case is withdrawn
     * and the displaced claim ({@code sharedFrom}, kept current by later evidence) claims the enterprise again. So the
     * claim depends on the address's count, not on the order in which the joins and leaves of other enterprises
     * reached it. A unit's own decision (MANUAL) stands, and so does a case a unit has answered. Checked at every
     * assessment, whichever comes first, the count or the evidence.
     */
    boolean shared(EnterpriseState state, int members, long at, List<ClaimRequest> out) {
        Claim c = state.getClaim();
        Claim from = state.getSharedFrom();
        if (from != null) {
            // 0 is no count: the enterprise counts itself in its group, so it has not heard its group's count yet
            // (a new address key after a release that normalises addresses otherwise). A deregistered enterprise's
            // case was withdrawn by the deregistration; the claim it displaced is its last claim.
            boolean deregistered = state.getRegistration().getChange() == RegistrationChange.DEREGISTERED;
            if (deregistered || members > 0 && !rules.crowded(members)) {
                claim(state, from);
                close(state, ClaimStatus.WITHDRAWN, "the address is no longer shared by more than "
                        + rules.crowdedAddressLimit() + " enterprises: claimed by " + from.getMethod() + ": unit "
                        + from.getUnitId(), null, Instant.ofEpochMilli(at), out);
                return true;
            }
            Claim queued = queued(from);
            if (queued.equals(c)) {
                return false;
            }
            state.setClaim(queued); // the displaced claim changed
            ClaimRequest q = state.getRequest();
            if (q != null && !from.getUnitId().equals(q.getAssignedUnit())) { // the case now asks that unit
                open(state, ClaimRequest.newBuilder(q)
                        .setDetail(queued.getDetail() + (q.getStatus() == ClaimStatus.ESCALATED
                                ? "; escalated to district " + q.getDistrictCode() + " at its deadline" : ""))
                        .setCandidateUnits(queued.getCandidateUnits()).setAssignedUnit(from.getUnitId())
                        .setDistrictCode(from.getDistrictCode()).setEventTime(Instant.ofEpochMilli(at)).build(), out);
            }
            return true;
        }
        if (!rules.crowded(members) || c == null || c.getMethod() == ClaimMethod.UNCLAIMED
                || c.getMethod() == ClaimMethod.MANUAL) {
            return false;
        }
        Claim queued = queued(c);
        state.setClaim(queued);
        state.setSharedFrom(c);
        EnterpriseRegistration r = state.getRegistration();
        ClaimRequest opened = request(r, queued, Instant.ofEpochMilli(at));
        // One id per opening: an answer to a case withdrawn since must not land on the next one.
        opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":shared:" + at);
        open(state, opened, out);
        return true;
    }

    /**
     * The claim of a cluster-registration case displacing {@code automatic}; its detail names the limit, not the
     * count, so that it does not depend on the count heard when the case opened.
     */
    private Claim queued(Claim automatic) {
        return Claim.newBuilder().setMethod(ClaimMethod.UNCLAIMED)
                .setUnclaimedReason(ClaimReason.SHARED_ADDRESS)
                .setDetail("address shared by more than " + rules.crowdedAddressLimit() + " registered enterprises; "
                        + automatic.getMethod() + " pointed to unit " + automatic.getUnitId())
                .setCandidateUnits(List.of(automatic.getUnitId())).setCandidateDistrict(automatic.getDistrictCode())
                .build();
    }

    /**
     * A unit answers the case in progress. Any unit may claim it; only the unit the case lies with may return it, and
     * it moves to the next candidate, or to the district when none is left, with a new deadline. Returns why the
     * answer does not apply, or null when it was taken.
     */
    Outcome.Inapplicable respond(EnterpriseState state, ClaimResponse response, Claim claimed, List<ClaimRequest> out) {
        ClaimRequest c = state.getRequest();
        if (state.getRegistration() == null || c == null || !c.getRequestId().equals(response.getRequestId())) {
            return new Outcome.Inapplicable(response, c == null
                    ? "no manual-claim case is in progress for " + response.getCreditCode()
                    : "the case in progress is " + c.getRequestId());
        }
        if (response.getAction() == ClaimAction.CLAIM) {
            claim(state, claimed);
            close(state, ClaimStatus.CLAIMED, "claimed by unit " + response.getUnitId(), response.getUnitId(),
                    response.getEventTime(), out);
            return null;
        }
        if (!response.getUnitId().equals(c.getAssignedUnit())) {
            return new Outcome.Inapplicable(response, c.getAssignedUnit() == null
                    ? "case " + c.getRequestId() + " lies with district " + c.getDistrictCode()
                        + ": a unit may claim it, not return it"
                    : "case " + c.getRequestId() + " lies with unit " + c.getAssignedUnit());
        }
        state.setSharedFrom(null); // a unit answered: the case no longer follows the address's count
        List<String> left = new ArrayList<>(c.getCandidateUnits());
        left.remove(response.getUnitId());
        String next = left.isEmpty() ? null : left.get(0);
        ClaimRules.Deadline deadline = rules.deadline(response.getEventTime());
        open(state, ClaimRequest.newBuilder(c).setStatus(ClaimStatus.RETURNED)
                .setDetail("returned by unit " + response.getUnitId() + ": " + response.getReason() + "; now with "
                        + (next == null ? "district " + c.getDistrictCode() : "unit " + next))
                .setCandidateUnits(left).setAssignedUnit(next).setRespondingUnit(response.getUnitId())
                .setEventTime(response.getEventTime())
                .setDeadline(deadline.at()).setDeadlineProvisional(deadline.provisional()).build(), out);
        return null;
    }

    /** Time reached {@code now} (epoch ms): a case not claimed by its deadline escalates to its district. */
    static void escalateIfDue(EnterpriseState state, long now, List<ClaimRequest> out) {
        ClaimRequest c = state.getRequest();
        if (c != null && c.getDeadline() != null && now >= c.getDeadline().toEpochMilli()) {
            open(state, ClaimRequest.newBuilder(c).setStatus(ClaimStatus.ESCALATED)
                    .setEventTime(c.getDeadline()).setDeadline(null).setDeadlineProvisional(false)
                    .setRespondingUnit(null)
                    .setDetail("not claimed by its deadline: escalated to district " + c.getDistrictCode()
                            + (c.getAssignedUnit() == null ? "" : " (it stays with unit " + c.getAssignedUnit() + ")"))
                    .build(), out);
        }
    }

    /** The open case's deadline (epoch ms), or {@link Long#MAX_VALUE}. */
    static long deadline(EnterpriseState state) {
        ClaimRequest c = state.getRequest();
        return c == null || c.getDeadline() == null ? Long.MAX_VALUE : c.getDeadline().toEpochMilli();
    }

    /** The enterprise's history decides only when the address itself is not in doubt. */
    private static boolean historyApplies(Claim c) {
        return c.getUnclaimedReason() == ClaimReason.NO_EVIDENCE || c.getUnclaimedReason() == ClaimReason.OUTSIDE_GRID;
    }

    /** A historical claim made before the enterprise moved to its current address says nothing about it. */
    private static boolean historyCurrent(EnterpriseState state) {
        Claim h = state.getHistory();
        return h != null && (h.getSince() == null || h.getSince().toEpochMilli() >= state.getAddressSince());
    }

    /** Sets the enterprise's claim; a cluster-registration case's displaced claim is forgotten. */
    private static void claim(EnterpriseState state, Claim c) {
        state.setClaim(c);
        state.setSharedFrom(null);
    }

    /** Records a transition of the case in progress and publishes it. */
    private static void open(EnterpriseState state, ClaimRequest transition, List<ClaimRequest> out) {
        state.setRequest(transition);
        out.add(ClaimRequest.newBuilder(transition).build());
    }

    /** Ends the case in progress, if any. */
    private static void close(EnterpriseState state, ClaimStatus status, String detail, String unit, Instant at,
                              List<ClaimRequest> out) {
        ClaimRequest c = state.getRequest();
        if (c == null) {
            return;
        }
        state.setRequest(null);
        out.add(ClaimRequest.newBuilder(c).setStatus(status).setDetail(detail).setRespondingUnit(unit)
                .setEventTime(at).setDeadline(null).setDeadlineProvisional(false).build());
    }

    /** A new case for an unclaimed enterprise, opened at {@code at} with its deadline from the claim rules. */
    private ClaimRequest request(EnterpriseRegistration r, Claim c, Instant at) {
        ClaimRules.Deadline deadline = rules.deadline(at);
        return ClaimRequest.newBuilder()
                .setRequestId(r.getCreditCode() + ":" + r.getEventId())
                .setCreditCode(r.getCreditCode())
                .setStatus(ClaimStatus.OPEN)
                .setReason(c.getUnclaimedReason())
                .setDetail(c.getDetail())
                .setAddress(r.getAddress())
                .setCoordinates(r.getCoordinates())
                .setCandidateUnits(c.getCandidateUnits())
                .setDistrictCode(c.getCandidateDistrict() != null ? c.getCandidateDistrict() : c.getDistrictCode())
                .setEventTime(at)
                .setDeadline(deadline.at())
                .setDeadlineProvisional(deadline.provisional())
                .setAssignedUnit(c.getCandidateUnits().isEmpty() ? null : c.getCandidateUnits().get(0))
                .setRespondingUnit(null)
                .build();
    }
}
