package org.creditgrid.supervision;

import java.util.ArrayList;
import java.util.List;
import org.creditgrid.internal.FollowUp;
import org.creditgrid.internal.Membership;
import org.creditgrid.internal.ProfileMove;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.ResultPublication;

/**
 * What one input, one instant, a re-grid or a rules activation produced for one enterprise: the facts the parts
 * returned, composed in one place ({@link EnterpriseSupervisor}) and emitted through one path (the operator's
 * {@code emit}). Built with {@link #builder}; the lists are never null.
 */
public final class Outcome {

    /** A unit's answer that fits no case in progress (closed, another case, or a return by a unit not asked). */
    public record Inapplicable(ClaimResponse response, String detail) {}

    private final EnterpriseProfile profile;
    private final List<InspectionTrigger> triggers;
    private final List<ClaimRequest> claims;
    private final List<EnforcementEvent> unknown;
    private final List<Membership> memberships;
    private final List<Inapplicable> inapplicable;
    private final List<ResultPublication> results;
    private final List<FollowUp> followUps;
    private final ProfileMove move;
    private final boolean clear;
    private final boolean tombstone;
    private final long wakeUp;

    private Outcome(Builder b) {
        profile = b.profile;
        triggers = b.triggers;
        claims = b.claims;
        unknown = b.unknown;
        memberships = b.memberships;
        inapplicable = b.inapplicable;
        results = b.results;
        followUps = b.followUps;
        move = b.move;
        clear = b.clear;
        tombstone = b.tombstone;
        wakeUp = b.wakeUp;
    }

    /** The new profile, or null when the published profile did not change. */
    public EnterpriseProfile profile() {
        return profile;
    }

    public List<InspectionTrigger> triggers() {
        return triggers;
    }

    /** Transitions of the manual-claim case, in order. */
    public List<ClaimRequest> claims() {
        return claims;
    }

    /** Events dead-lettered because their enterprise never registered within the limits. */
    public List<EnforcementEvent> unknown() {
        return unknown;
    }

    /** Joins and leaves of the enterprise's groups, and changes of its flag in its representative's group. */
    public List<Membership> memberships() {
        return memberships;
    }

    public List<Inapplicable> inapplicable() {
        return inapplicable;
    }

    /** Results of inspections done for drawn tasks, for the task follow-up to close them and publish them. */
    public List<ResultPublication> results() {
        return results;
    }

    /** What else the task follow-up is told: the facts its triggers carry, a deregistration, handed-over tasks. */
    public List<FollowUp> followUps() {
        return followUps;
    }

    /** Where the enterprise now counts in the unit statistics, if that changed; else null. */
    public ProfileMove move() {
        return move;
    }

    /** The enterprise's state ends. */
    public boolean clear() {
        return clear;
    }

    /** With {@link #clear}: a profile was published, so the compacted profile topic gets a tombstone. */
    public boolean tombstone() {
        return tombstone;
    }

    /** The next instant (event time, epoch ms) something is due without new input, or {@link Long#MAX_VALUE}. */
    public long wakeUp() {
        return wakeUp;
    }

    /** Nothing to publish; the timer stays where it is ({@code timer} 0 = none). */
    static Outcome nothing(long timer) {
        return builder(timer == 0 ? Long.MAX_VALUE : timer).build();
    }

    /** An outcome due at no instant until told otherwise. */
    static Builder builder() {
        return new Builder(Long.MAX_VALUE);
    }

    static Builder builder(long wakeUp) {
        return new Builder(wakeUp);
    }

    /** Collects an outcome's facts; the lists start empty and are filled in place by the parts. */
    static final class Builder {
        private EnterpriseProfile profile;
        private ProfileMove move;
        final List<InspectionTrigger> triggers = new ArrayList<>();
        final List<ClaimRequest> claims = new ArrayList<>();
        final List<EnforcementEvent> unknown = new ArrayList<>();
        final List<Membership> memberships = new ArrayList<>();
        final List<Inapplicable> inapplicable = new ArrayList<>();
        final List<ResultPublication> results = new ArrayList<>();
        final List<FollowUp> followUps = new ArrayList<>();
        private boolean clear;
        private boolean tombstone;
        private long wakeUp;

        private Builder(long wakeUp) {
            this.wakeUp = wakeUp;
        }

        Builder profile(EnterpriseProfile p) {
            profile = p;
            return this;
        }

        Builder move(ProfileMove m) {
            move = m;
            return this;
        }

        Builder wakeUp(long at) {
            wakeUp = at;
            return this;
        }

        /** The state ends; {@code withTombstone} if a profile was published for it. */
        Builder clear(boolean withTombstone) {
            clear = true;
            tombstone = withTombstone;
            return this;
        }

        Builder clearIf(boolean end) {
            clear = end;
            return this;
        }

        Outcome build() {
            return new Outcome(this);
        }
    }
}
