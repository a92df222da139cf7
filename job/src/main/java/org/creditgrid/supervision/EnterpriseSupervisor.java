package org.creditgrid.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.FollowUp;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.internal.PublishedProfile;
import org.creditgrid.network.GroupMembership;
import org.creditgrid.risk.Assessment;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.schema.ChangedField;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.TriggerReason;

/**
 * Everything that happens to one enterprise, in plain Java: the registration lifecycle and the risk assessment, with
 * the other concerns in their own parts — the claim case ({@link ClaimCase}), its groups ({@link GroupMembership}),
 * its inspections ({@link Inspections}), sampling plans ({@link PlanDraw}) and the published profile
 * ({@link ProfileAssembly}). Each part changes its share of the state and returns facts; this class composes them into
 * one {@link Outcome}. The Flink operator around it only loads, stores and emits.
 */
public final class EnterpriseSupervisor {

    /**
     * Limits on what is kept: events for an enterprise that has not registered are held at most {@code maxPending}
     * and at most {@code pendingTimeoutMs} of event time; a deregistered enterprise's state is kept
     * {@code deregisteredRetentionMs}, then deleted.
     */
    public record Limits(int maxPending, long pendingTimeoutMs, long deregisteredRetentionMs)
            implements java.io.Serializable {
        public static Limits defaults() {
            return new Limits(100, 7 * 86_400_000L, 180 * 86_400_000L);
        }
    }

    /** How far behind an enterprise's latest time the ledger is pruned. */
    static final long PRUNE_LAG = 90 * 86_400_000L;
    /** Registration event ids remembered against redelivery, and pruned event ids against late duplicates. */
    private static final int REGISTRATION_IDS_KEPT = 50;
    private static final int PRUNED_IDS_KEPT = 100;

    private final RiskModel risk;
    private final Limits limits;
    private final ClaimCase claims;
    private final ProfileAssembly profiles;
    private final PlanDraw plans;

    public EnterpriseSupervisor(RiskModel risk, PoolRules pools, ClaimRules claimRules, SubLibraries subLibraries,
                                Limits limits) {
        this.risk = risk;
        this.limits = limits;
        this.claims = new ClaimCase(claimRules);
        this.profiles = new ProfileAssembly(pools, subLibraries);
        this.plans = new PlanDraw(risk, pools, subLibraries);
    }

    /** The sampling part, under the same rules. */
    public PlanDraw plans() {
        return plans;
    }

    public static EnterpriseState emptyState() {
        return EnterpriseState.newBuilder().setLedger(new ArrayList<>()).setRegistrationChanges(new ArrayList<>())
                .setRegistrationIds(new ArrayList<>()).setPrunedIds(new ArrayList<>()).setInspections(new ArrayList<>())
                .setOpenTasks(new ArrayList<>()).setVisits(new ArrayList<>()).setTasksHandedOver(true).build();
    }

    /** Applies one input to {@code state} (mutated in place). */
    public Outcome apply(EnterpriseState state, EnterpriseInput input) {
        if (input.getSignal() != null) {
            return onSignal(state, input.getSignal());
        }
        if (input.getHistory() != null) {
            if (state.getHistory() != null && state.getHistory().getDetail().equals(input.getClaim().getDetail())) {
                return Outcome.nothing(state.getTimer()); // redelivered
            }
            Outcome.Builder o = Outcome.builder();
            boolean claimed = claims.history(state, input.getClaim(), o.claims);
            return state.getRegistration() == null ? o.wakeUp(pendingDeadline(state)).build()
                    : claimed ? asOfLatest(state, o) : Outcome.nothing(state.getTimer());
        }
        if (input.getVerdict() != null) {
            Outcome.Builder o = Outcome.builder();
            return claims.verdict(state, input.getVerdict(), o.claims) ? asOfLatest(state, o)
                    : Outcome.nothing(state.getTimer());
        }
        if (input.getResponse() != null) {
            Outcome.Builder o = Outcome.builder();
            Outcome.Inapplicable refused = claims.respond(state, input.getResponse(), input.getClaim(), o.claims);
            o.wakeUp(nextWakeUp(state)); // a returned case has a new deadline
            if (refused != null) {
                o.inapplicable.add(refused);
                return state.getRegistration() == null
                        ? o.clearIf(forgettable(state)).wakeUp(pendingDeadline(state)).build() : o.build();
            }
            return state.getPublished() == null ? o.build() : asOfLatest(state, o);
        }
        return input.getRegistration() != null ? onRegistration(state, input.getRegistration(), input)
                : onEvent(state, input.getEvent());
    }

    private Outcome onRegistration(EnterpriseState state, EnterpriseRegistration r, EnterpriseInput input) {
        EnterpriseRegistration previous = state.getRegistration();
        long inputTime = r.getEventTime().toEpochMilli();
        Outcome.Builder o = Outcome.builder();
        if (state.getRegistrationIds().contains(r.getEventId())) {
            return claims.standardAddressAdded(state, r, input.getClaim(), o.claims)
                    ? reassess(state, assessedAsOf(state), r.getEventId(), o)
                    : Outcome.nothing(state.getTimer()); // redelivered
        }
        state.getRegistrationIds().add(r.getEventId());
        if (state.getRegistrationIds().size() > REGISTRATION_IDS_KEPT) {
            state.getRegistrationIds().remove(0);
        }
        if (r.getChange() == RegistrationChange.CHANGED && (r.getChangedFields().contains(ChangedField.ADDRESS)
                || r.getChangedFields().contains(ChangedField.LEGAL_REPRESENTATIVE))) {
            state.getRegistrationChanges().add(inputTime);
        }
        // The enterprise is at its current address since its latest move, as the registrations say what they changed
        // (whichever order they arrive in; an address compared with the registration read before would depend on it).
        long since = state.getAddressSince();
        if (r.getChange() == RegistrationChange.CHANGED && r.getChangedFields().contains(ChangedField.ADDRESS)) {
            state.setAddressSince(Math.max(since, inputTime));
        }
        if (previous != null && org.creditgrid.identity.Registrations.newer(previous, r)) {
            // An older registration arriving late: the newer one stays the current registration. If it records the
            // move to the current address, a claim by an older history gives way to its evidence.
            return state.getAddressSince() > since && previous.getAddress().equals(r.getAddress())
                    && claims.movedSince(state, input.getClaim(), o.claims)
                    ? asOfLatest(state, o) : Outcome.nothing(state.getTimer());
        }
        boolean addressChanged = previous == null || !previous.getAddress().equals(r.getAddress())
                || !Objects.equals(previous.getCoordinates(), r.getCoordinates());
        state.setRegistration(r);
        claims.registered(state, r, addressChanged, input.getClaim(), o.claims);
        if (r.getChange() == RegistrationChange.DEREGISTERED && previous != null
                && previous.getChange() != RegistrationChange.DEREGISTERED) {
            o.followUps.add(FollowUp.newBuilder().setCreditCode(r.getCreditCode()).setDeregistered(true)
                    .setDeregisteredAt(r.getEventTime()).build());
        }
        if (previous == null) {
            // Events that arrived before the registration: their triggers are due now.
            for (EnforcementEvent e : state.getLedger()) {
                TriggerReason reason = Triggers.forEvent(e.getKind());
                if (reason != null) {
                    o.triggers.add(ProfileAssembly.pendingTrigger(e, reason));
                }
            }
        }
        return reassess(state, asOf(state, inputTime), r.getEventId(), o);
    }

    private Outcome onEvent(EnterpriseState state, EnforcementEvent e) {
        long inputTime = e.getEventTime().toEpochMilli();
        if (state.getPrunedIds().contains(e.getEventId()) || !Ledger.add(state.getLedger(), e)) {
            return Outcome.nothing(state.getTimer()); // the same event id counts once
        }
        Outcome.Builder o = Outcome.builder();
        if (e.getKind() == EventKind.INSPECTION_RESULT) {
            Inspections.inspected(state, e, (InspectionOutcome) e.getDetail(), o.results);
        }
        TriggerReason reason = Triggers.forEvent(e.getKind());
        if (state.getRegistration() == null) {
            // Held until the registration arrives, within limits; the oldest overflow is given up on now.
            while (state.getLedger().size() > limits.maxPending()) {
                o.unknown.add(state.getLedger().remove(0));
            }
            return o.clearIf(forgettable(state)).wakeUp(pendingDeadline(state)).build();
        }
        if (reason != null) {
            o.triggers.add(ProfileAssembly.pendingTrigger(e, reason));
        }
        return reassess(state, asOf(state, inputTime), e.getEventId(), o);
    }

    /**
     * The state is as of the latest thing known about the enterprise: an event may have arrived before the
     * registration it follows, and must count as soon as the registration is there.
     */
    private static long asOf(EnterpriseState state, long inputTime) {
        List<EnforcementEvent> ledger = state.getLedger();
        long asOf = ledger.isEmpty() ? inputTime
                : Math.max(inputTime, ledger.get(ledger.size() - 1).getEventTime().toEpochMilli());
        return state.getPublished() == null ? asOf : Math.max(asOf, assessedAsOf(state));
    }

    /**
     * Time has reached {@code now} (event time) with no new input for this enterprise: give up on events whose
     * enterprise never registered, end a deregistered enterprise after its retention, escalate
     * a case past its deadline, or let expired records go.
     */
    public Outcome onTime(EnterpriseState state, long now) {
        if (state.getRegistration() == null) {
            if (!state.getLedger().isEmpty() && now >= pendingDeadline(state)) {
                Outcome.Builder o = Outcome.builder();
                o.unknown.addAll(state.getLedger());
                state.getLedger().clear(); // a historical claim stays for the registration to come
                return o.clearIf(forgettable(state)).build();
            }
            return Outcome.nothing(pendingDeadline(state));
        }
        if (state.getRegistration().getChange() == RegistrationChange.DEREGISTERED) {
            long end = deregisteredUntil(state);
            return now >= end ? Outcome.builder().clear(state.getPublished() != null).build()
                    : Outcome.nothing(end);
        }
        Outcome.Builder o = Outcome.builder();
        ClaimCase.escalateIfDue(state, now, o.claims);
        long asOf = state.getPublished() == null ? now : Math.max(now, assessedAsOf(state));
        return reassess(state, asOf, null, o);
    }

    /** A new grid is in force and {@code changed} lists the units it changes (see {@link ClaimCase#regrid}). */
    public Outcome regrid(EnterpriseState state, ClaimModel model, Set<String> changed) {
        Outcome.Builder o = Outcome.builder();
        return claims.regrid(state, model, changed, o.claims) ? asOfLatest(state, o) : Outcome.nothing(state.getTimer());
    }

    /**
     * Re-scores a registered, active enterprise under the rules of this supervisor, as of its latest assessment
     * ({@link #assessedAsOf}); nothing happens to the others. For a new rules version in force.
     */
    public Outcome rescore(EnterpriseState state) {
        if (state.getRegistration() == null || state.getPublished() == null
                || state.getRegistration().getChange() == RegistrationChange.DEREGISTERED) {
            return Outcome.nothing(state.getTimer());
        }
        return asOfLatest(state, Outcome.builder());
    }

    /** A group the enterprise belongs to told it about the others: re-score as of its latest assessment. */
    private Outcome onSignal(EnterpriseState state, GroupSignal signal) {
        GroupMembership.Heard heard = GroupMembership.hear(state, signal);
        if (state.getRegistration() == null) {
            // An address group's count may overtake the first registration (they travel on different paths): it is
            // kept for it. Other news of an enterprise whose state has ended keeps nothing.
            return Outcome.builder(pendingDeadline(state)).clearIf(forgettable(state)).build();
        }
        if (heard == GroupMembership.Heard.STALE || state.getPublished() == null
                || state.getRegistration().getChange() == RegistrationChange.DEREGISTERED) {
            return Outcome.nothing(state.getTimer());
        }
        return asOfLatest(state, Outcome.builder()); // the address's count may leave no automatic claim
    }

    /** Nothing left worth keeping for an enterprise that has not registered. */
    private static boolean forgettable(EnterpriseState state) {
        return state.getLedger().isEmpty() && state.getHistory() == null && !GroupMembership.heardAhead(state);
    }

    /** The next instant a timer is wanted for, the open case's deadline included. */
    private static long nextWakeUp(EnterpriseState state) {
        long t = state.getTimer() == 0 ? Long.MAX_VALUE : state.getTimer();
        return Math.min(t, nextDeadline(state));
    }

    private static long nextDeadline(EnterpriseState state) {
        return ClaimCase.deadline(state);
    }

    private long pendingDeadline(EnterpriseState state) {
        return state.getLedger().isEmpty() ? Long.MAX_VALUE
                : state.getLedger().get(0).getEventTime().toEpochMilli() + limits.pendingTimeoutMs();
    }

    private long deregisteredUntil(EnterpriseState state) {
        return state.getRegistration().getEventTime().toEpochMilli() + limits.deregisteredRetentionMs();
    }

    private Outcome asOfLatest(EnterpriseState state, Outcome.Builder o) {
        return reassess(state, assessedAsOf(state), null, o);
    }

    /**
     * The latest instant the enterprise was assessed as of: its profile's time, or later when a later input changed
     * nothing in the profile. An input without a time of its own (a group's count, a claim, a rules version) is
     * assessed as of then: earlier would count the ledger as it was before the later inputs.
     */
    static long assessedAsOf(EnterpriseState state) {
        return Math.max(state.getAssessedAt(), state.getPublished().getEventTime());
    }

    /**
     * Assesses the enterprise as of {@code asOf} and composes the outcome: group changes, the flag for its
     * representative's group, the pruned ledger, the profile if its content changed, the triggers completed with it,
     * and the next instant something is due.
     */
    private Outcome reassess(EnterpriseState state, long asOf, String sourceEventId, Outcome.Builder o) {
        PublishedProfile before = state.getPublished();
        GroupMembership.regroup(state, asOf, o.memberships); // before assessing: a move leaves the old count
        // Whichever came first, the claim or its address's count: a crowded address leaves no automatic claim.
        claims.shared(state, GroupMembership.addressMembers(state), asOf, o.claims);
        Assessment assessment = risk.assess(state.getRegistration(), state.getLedger(),
                state.getRegistrationChanges(), GroupMembership.neighbourhood(state), asOf);
        GroupMembership.flag(state, assessment.flagsRelatives(), asOf, o.memberships);
        state.setAssessedAt(asOf);
        state.setValidUntil(assessment.validUntil());
        // Keeps the state bounded. Pruning lags the enterprise's latest time, so a plan or a rules version evaluated
        // at an earlier instant (up to the lag) still sees what counted then.
        for (EnforcementEvent gone : risk.prune(state.getLedger(), state.getRegistrationChanges(), asOf - PRUNE_LAG)) {
            state.getPrunedIds().add(gone.getEventId());
        }
        if (state.getPrunedIds().size() > PRUNED_IDS_KEPT) {
            state.getPrunedIds().subList(0, state.getPrunedIds().size() - PRUNED_IDS_KEPT).clear();
        }
        EnterpriseProfile candidate = profiles.profile(state, assessment, asOf);
        List<InspectionTrigger> raised = List.copyOf(o.triggers);
        o.triggers.clear();
        ProfileAssembly.complete(raised, before, candidate, asOf, sourceEventId, o.triggers);
        EnterpriseProfile published = ProfileAssembly.publishIfChanged(state, candidate);
        o.profile(published).move(ProfileAssembly.move(before, state.getPublished(), candidate));
        // A task may be open (its visit is in its period): its overdue trigger carries the class, pool and unit.
        if (published != null && !state.getVisits().isEmpty() && Inspections.factsChanged(before, candidate)) {
            o.followUps.add(FollowUp.newBuilder().setCreditCode(candidate.getCreditCode())
                    .setFacts(Inspections.facts(candidate)).build());
        }
        return o.wakeUp(state.getRegistration().getChange() == RegistrationChange.DEREGISTERED
                ? deregisteredUntil(state) : Math.min(assessment.validUntil(), nextDeadline(state))).build();
    }
}
