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
        state.setClaim(c);
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
        Claim c = state.getClaim();
        boolean outranked = c != null && (c.getMethod() == ClaimMethod.HISTORY || c.getMethod() == ClaimMethod.COORDINATES
                || c.getMethod() == ClaimMethod.UNCLAIMED && c.getUnclaimedReason() != ClaimReason.SHARED_ADDRESS);
        if (current == null || !current.getEventId().equals(r.getEventId()) || !outranked
                || state.getProfile() == null || evidence.getMethod() != ClaimMethod.STANDARD_ADDRESS) {
            return false;
        }
        state.setClaim(evidence);
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
                || state.getProfile() == null) {
            return false; // kept for a later address change
        }
        state.setClaim(history);
        close(state, ClaimStatus.CLAIMED, "claimed by its historical claim: unit " + history.getUnitId(),
                history.getUnitId(), state.getProfile().getEventTime(), out);
        return true;
    }

    /**
     * The standard address database flagged the enterprise's address abnormal (an automatic claim gives way to a
     * case), corrected it (a case opened for that reason closes), added it or moved it to another unit (the standard
     * address outranks coordinates and history). Applies only while the enterprise is still registered at that
     * address; a unit's decision (MANUAL) and a cluster-registration case stand.
     */
    boolean verdict(EnterpriseState state, AddressVerdict verdict, List<ClaimRequest> out) {
        EnterpriseRegistration r = state.getRegistration();
        Claim c = state.getClaim();
        if (r == null || c == null || state.getProfile() == null || r.getChange() == RegistrationChange.DEREGISTERED
                || !AddressText.normalise(r.getAddress()).equals(verdict.getAddressKey())) {
            return false;
        }
        Claim next = verdict.getClaim();
        Instant at = state.getProfile().getEventTime();
        if (next.getMethod() == ClaimMethod.UNCLAIMED && c.getMethod() != ClaimMethod.UNCLAIMED
                && c.getMethod() != ClaimMethod.MANUAL) {
            state.setClaim(next);
            ClaimRequest opened = request(r, next, at);
            opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":abnormal");
            open(state, opened, out);
        } else if (next.getMethod() != ClaimMethod.UNCLAIMED && c.getMethod() == ClaimMethod.UNCLAIMED
                && c.getUnclaimedReason() == ClaimReason.ABNORMAL_ADDRESS) {
            state.setClaim(next);
            close(state, ClaimStatus.CLAIMED, "the standard address was corrected: unit " + next.getUnitId(),
                    next.getUnitId(), at, out);
        } else if (next.getMethod() == ClaimMethod.STANDARD_ADDRESS && (c.getMethod() == ClaimMethod.COORDINATES
                || c.getMethod() == ClaimMethod.HISTORY
                || c.getMethod() == ClaimMethod.STANDARD_ADDRESS && !next.getUnitId().equals(c.getUnitId()))) {
            state.setClaim(next); // the first evidence of the chain, now known or moved
        } else {
            return false;
        }
        return true;
    }

    /**
     * A new grid is in force and {@code changed} lists the units it changes. Claimed by coordinates in a changed unit,
     * or waiting because its point lay outside the old grid: the coordinates are looked up again. Claimed by other
     * evidence naming a unit the new grid no longer has: the claim chain runs again from the coordinates. Claimed
     * by a unit the new grid renamed or moved to another district: the names follow. Everything else stays.
     */
    boolean regrid(EnterpriseState state, ClaimModel model, Set<String> changed, List<ClaimRequest> out) {
        EnterpriseRegistration r = state.getRegistration();
        Claim c = state.getClaim();
        if (r == null || c == null || state.getProfile() == null || r.getChange() == RegistrationChange.DEREGISTERED) {
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
        state.setClaim(next);
        Instant at = state.getProfile().getEventTime();
        if (next.getMethod() != ClaimMethod.UNCLAIMED) {
            close(state, ClaimStatus.CLAIMED, "claimed by " + next.getMethod() + " on a new grid: unit "
                    + next.getUnitId(), next.getUnitId(), at, out);
        } else {
            next.setDetail(next.getDetail() + " (unit " + c.getUnitId() + " changed in the new grid)");
            ClaimRequest opened = request(r, next, at);
            opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":regrid");
            open(state, opened, out);
        }
        return true;
    }

    /**
     * The enterprise's address is registered by {@code members} enterprises: past the crowded-address limit, a
     * cluster-registration address says nothing about where the enterprise operates, so an automatic claim gives way
     * to a case asking the unit the evidence pointed to first, opened at {@code at} (epoch ms; checked at every
     * assessment, so the instant is built only when a case opens). A unit's own decision (MANUAL)
     * stands.
     */
    boolean shared(EnterpriseState state, int members, long at, List<ClaimRequest> out) {
        Claim c = state.getClaim();
        if (!rules.crowded(members) || c == null || c.getMethod() == ClaimMethod.UNCLAIMED
                || c.getMethod() == ClaimMethod.MANUAL) {
            return false;
        }
        Claim queued = Claim.newBuilder().setMethod(ClaimMethod.UNCLAIMED)
                .setUnclaimedReason(ClaimReason.SHARED_ADDRESS)
                .setDetail("address registered by " + members + " enterprises (limit "
                        + rules.crowdedAddressLimit() + "); " + c.getMethod() + " pointed to unit " + c.getUnitId())
                .setCandidateUnits(List.of(c.getUnitId())).setCandidateDistrict(c.getDistrictCode()).build();
        state.setClaim(queued);
        EnterpriseRegistration r = state.getRegistration();
        ClaimRequest opened = request(r, queued, Instant.ofEpochMilli(at));
        opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":shared");
        open(state, opened, out);
        return true;
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
            state.setClaim(claimed);
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
