package org.creditgrid.supervision;

import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnterpriseRegistration;

/**
 * The final claim of a deregistered enterprise should not depend on whether the standard address database or its
 * registrations were read first: a replay after a restore reads each topic at its own pace (found by the chaos
 * rounds, docs/reliability.md). An entry its address already had when it deregistered claims it whenever heard. Not
 * covered: an entry changed after the deregistration but read before it (the address join keeps only the latest
 * entry, so the registration is claimed by the later one), and an unclaimed enterprise waiting at its address, which
 * any later entry claims.
 */
final class DeregisteredClaim {

    private DeregisteredClaim() {}

    /**
     * Applies a standard-address verdict {@code next} to a deregistered enterprise (registration {@code r}, claim
     * {@code c}, no cluster case: {@code from} null) if its entry held when the enterprise left ({@code next.since},
     * the entry's update time, at or before {@code r}'s event time) and it outranks {@code c} (coordinates, history,
     * another unit's standard address). No case opens or closes for an enterprise that is gone; a flag, an entry made
     * after it left, or a verdict without a time changes nothing. True if the claim changed.
     */
    static boolean standardAddressItHad(EnterpriseState state, EnterpriseRegistration r, Claim c, Claim from,
                                        Claim next) {
        boolean applies = from == null && next.getMethod() == ClaimMethod.STANDARD_ADDRESS && next.getSince() != null
                && !next.getSince().isAfter(r.getEventTime()) && (c.getMethod() == ClaimMethod.COORDINATES
                || c.getMethod() == ClaimMethod.HISTORY || c.getMethod() == ClaimMethod.STANDARD_ADDRESS
                && !next.getUnitId().equals(c.getUnitId()));
        if (applies) {
            state.setClaim(Claim.newBuilder(next).setSince(null).build());
        }
        return applies;
    }
}
