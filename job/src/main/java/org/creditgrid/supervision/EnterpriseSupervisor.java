package org.creditgrid.supervision;

import static org.creditgrid.io.AvroLists.removeWhere;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.internal.AddressVerdict;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.claim.AddressText;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.internal.SamplingView;
import org.creditgrid.internal.Membership;
import org.creditgrid.internal.Network;
import org.creditgrid.risk.Assessment;
import org.creditgrid.risk.Neighbourhood;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.schema.ChangedField;
import org.creditgrid.schema.ClaimAction;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EnterpriseStatus;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.creditgrid.schema.QualificationChange;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;

/**
 * Everything that happens to one enterprise, in plain Java: apply an input to its state and say what to publish
 * (a new profile when anything in it changed, triggers, manual-claim requests), and take part in a sampling draw.
 * The Flink operator around it only loads and stores the state.
 */
public final class EnterpriseSupervisor {

    /**
     * What one input or one instant produced. {@code profile} is null when the published profile did not change;
     * {@code unknown} are events dead-lettered because their enterprise never registered; {@code clear} means the
     * enterprise's state ends (with a {@code tombstone} for the compacted profile topic if a profile was published);
     * {@code wakeUp} is the next instant (event time, epoch ms) something is due without new input, or
     * {@link Long#MAX_VALUE}; {@code results}: inspection results of drawn tasks, for the publication.
     */
    public record Outcome(EnterpriseProfile profile, List<InspectionTrigger> triggers, List<ClaimRequest> claims,
                          List<EnforcementEvent> unknown, boolean clear, boolean tombstone, long wakeUp,
                          List<Membership> memberships, List<Inapplicable> inapplicable,
                          List<ResultPublication> results) {

        Outcome(EnterpriseProfile profile, List<InspectionTrigger> triggers, List<ClaimRequest> claims,
                List<EnforcementEvent> unknown, boolean clear, boolean tombstone, long wakeUp) {
            this(profile, triggers, claims, unknown, clear, tombstone, wakeUp, List.of(), List.of());
        }

        Outcome(EnterpriseProfile profile, List<InspectionTrigger> triggers, List<ClaimRequest> claims,
                List<EnforcementEvent> unknown, boolean clear, boolean tombstone, long wakeUp,
                List<Membership> memberships, List<Inapplicable> inapplicable) {
            this(profile, triggers, claims, unknown, clear, tombstone, wakeUp, memberships, inapplicable, List.of());
        }

        Outcome publishing(List<ResultPublication> published) {
            return new Outcome(profile, triggers, claims, unknown, clear, tombstone, wakeUp, memberships,
                    inapplicable, published);
        }

        /** Nothing to publish; the timer stays where it is ({@code timer} 0 = none). */
        static Outcome nothing(long timer) {
            return new Outcome(null, List.of(), List.of(), List.of(), false, false,
                    timer == 0 ? Long.MAX_VALUE : timer);
        }
    }

    /** A unit's answer that fits no case in progress (closed, another case, or a return by a unit not asked). */
    public record Inapplicable(ClaimResponse response, String detail) {}

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

    private static final java.time.ZoneId CHINA = org.creditgrid.calendar.Window.CHINA;
    /** How far behind an enterprise's latest time the ledger is pruned. */
    static final long PRUNE_LAG = 90 * 86_400_000L;

    private final RiskModel risk;
    private final PoolRules pools;
    private final ClaimRules claimRules;
    private final SubLibraries subLibraries;
    private final Limits limits;
    /** The instant of the last plan drawn and its China date ({@link #chinaDay}); one instance per operator thread. */
    private PlanDay planDay = new PlanDay(java.time.Instant.MIN, 0);

    private record PlanDay(java.time.Instant at, long epochDay) {}

    public EnterpriseSupervisor(RiskModel risk, PoolRules pools) {
        this(risk, pools, Limits.defaults());
    }

    public EnterpriseSupervisor(RiskModel risk, PoolRules pools, Limits limits) {
        this(risk, pools, DefaultCatalogues.CLAIM_RULES, limits);
    }

    public EnterpriseSupervisor(RiskModel risk, PoolRules pools, ClaimRules claimRules, Limits limits) {
        this(risk, pools, claimRules, DefaultCatalogues.SUB_LIBRARIES, limits);
    }

    public EnterpriseSupervisor(RiskModel risk, PoolRules pools, ClaimRules claimRules, SubLibraries subLibraries,
                                Limits limits) {
        this.risk = risk;
        this.pools = pools;
        this.claimRules = claimRules;
        this.subLibraries = subLibraries;
        this.limits = limits;
    }

    /** The shipped claim rules and sub-libraries, loaded once, for the constructors that do not name their own. */
    private static final class DefaultCatalogues {
        static final ClaimRules CLAIM_RULES;
        static final SubLibraries SUB_LIBRARIES;

        static {
            try {
                CLAIM_RULES = ClaimRules.load(ClaimRules.DEFAULT_LOCATION);
                SUB_LIBRARIES = SubLibraries.load(SubLibraries.DEFAULT_LOCATION);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public static EnterpriseState emptyState() {
        return EnterpriseState.newBuilder().setLedger(new ArrayList<>()).setRegistrationChanges(new ArrayList<>())
                .setRegistrationIds(new ArrayList<>()).setPrunedIds(new ArrayList<>()).setInspections(new ArrayList<>())
                .setOpenTasks(new ArrayList<>()).setVisits(new ArrayList<>()).build();
    }

    /** Applies one input to {@code state} (mutated in place). */
    public Outcome apply(EnterpriseState state, EnterpriseInput input) {
        List<InspectionTrigger> triggers = new ArrayList<>();
        List<ClaimRequest> claims = new ArrayList<>();
        List<ResultPublication> results = new ArrayList<>();
        long inputTime;
        if (input.getSignal() != null) {
            return onSignal(state, input.getSignal());
        }
        if (input.getHistory() != null) {
            return onHistory(state, input.getClaim());
        }
        if (input.getVerdict() != null) {
            return onVerdict(state, input.getVerdict());
        }
        if (input.getTask() != null) {
            return onTaskDrawn(state, input.getTask());
        }
        if (input.getResponse() != null) {
            return onResponse(state, input.getResponse(), input.getClaim());
        }
        if (input.getRegistration() != null) {
            EnterpriseRegistration r = input.getRegistration();
            EnterpriseRegistration previous = state.getRegistration();
            inputTime = r.getEventTime().toEpochMilli();
            if (state.getRegistrationIds().contains(r.getEventId())) {
                if (previous != null && previous.getEventId().equals(r.getEventId()) && state.getClaim() != null
                        && state.getClaim().getMethod() == ClaimMethod.UNCLAIMED
                        && state.getClaim().getUnclaimedReason() != ClaimReason.SHARED_ADDRESS
                        && input.getClaim().getMethod() == ClaimMethod.STANDARD_ADDRESS && state.getProfile() != null) {
                    // Its address entered the standard address database: claimed now, and the manual claim closes.
                    state.setClaim(input.getClaim());
                    close(state, ClaimStatus.CLAIMED, "claimed by standard address: unit "
                            + input.getClaim().getUnitId(), input.getClaim().getUnitId(), r.getEventTime(), claims);
                    return reassess(state, state.getProfile().getEventTime().toEpochMilli(), r.getEventId(),
                            triggers, claims);
                }
                return Outcome.nothing(state.getTimer()); // redelivered
            }
            state.getRegistrationIds().add(r.getEventId());
            if (state.getRegistrationIds().size() > 50) {
                state.getRegistrationIds().remove(0);
            }
            if (r.getChange() == RegistrationChange.CHANGED
                    && (r.getChangedFields().contains(ChangedField.ADDRESS)
                        || r.getChangedFields().contains(ChangedField.LEGAL_REPRESENTATIVE))) {
                state.getRegistrationChanges().add(inputTime);
            }
            if (previous != null && previous.getEventTime().isAfter(r.getEventTime())) {
                // An older registration arriving late: the newer one stays the current registration.
                return Outcome.nothing(state.getTimer());
            }
            boolean addressChanged = previous == null || !previous.getAddress().equals(r.getAddress())
                    || !Objects.equals(previous.getCoordinates(), r.getCoordinates());
            state.setRegistration(r);
            if (r.getChange() == RegistrationChange.DEREGISTERED) {
                close(state, ClaimStatus.WITHDRAWN, "the enterprise deregistered", null, r.getEventTime(), claims);
            }
            if (previous != null && addressChanged) {
                state.setAddressSince(r.getEventTime().toEpochMilli());
            }
            if (addressChanged || state.getClaim() == null) {
                // The claim chain runs again on the new address; the enterprise's own history comes third.
                Claim c = input.getClaim();
                if (c.getMethod() == ClaimMethod.UNCLAIMED && historyApplies(c) && historyCurrent(state)) {
                    c = state.getHistory();
                }
                state.setClaim(c);
                if (c.getMethod() != ClaimMethod.UNCLAIMED) {
                    close(state, ClaimStatus.CLAIMED, "the address changed; claimed by " + c.getMethod() + ": unit "
                            + c.getUnitId(), c.getUnitId(), r.getEventTime(), claims);
                } else if (r.getChange() != RegistrationChange.DEREGISTERED) {
                    close(state, ClaimStatus.WITHDRAWN, "replaced by case " + r.getCreditCode() + ":"
                            + r.getEventId() + " after the address changed", null, r.getEventTime(), claims);
                    open(state, claimRequest(r, c), claims);
                }
            }
            if (previous == null) {
                // Events that arrived before the registration: their triggers are due now.
                for (EnforcementEvent e : state.getLedger()) {
                    TriggerReason reason = Triggers.forEvent(e.getKind());
                    if (reason != null) {
                        triggers.add(pendingTrigger(e, reason));
                    }
                }
            }
        } else {
            EnforcementEvent e = input.getEvent();
            inputTime = e.getEventTime().toEpochMilli();
            if (state.getPrunedIds().contains(e.getEventId()) || !Ledger.add(state.getLedger(), e)) {
                return Outcome.nothing(state.getTimer()); // the same event id counts once
            }
            if (e.getKind() == org.creditgrid.schema.EventKind.INSPECTION_RESULT) {
                org.creditgrid.schema.InspectionOutcome o = (org.creditgrid.schema.InspectionOutcome) e.getDetail();
                inspected(state.getInspections(), e.getDepartment(), o.getInspectionType(), inputTime,
                        e.getEventId());
                if (o.getTaskId() != null) {
                    if (state.getRegistration() != null) {
                        results.add(result(state, e, o));
                    }
                    removeWhere(state.getOpenTasks(), t -> t.getTaskId().equals(o.getTaskId())); // the task is done
                }
            }
            TriggerReason reason = Triggers.forEvent(e.getKind());
            if (reason != null && state.getRegistration() != null) {
                triggers.add(pendingTrigger(e, reason));
            }
        }
        if (state.getRegistration() == null) {
            // Held until the registration arrives, within limits; the oldest overflow is given up on now.
            List<EnforcementEvent> unknown = new ArrayList<>();
            while (state.getLedger().size() > limits.maxPending()) {
                unknown.add(state.getLedger().remove(0));
            }
            return new Outcome(null, List.of(), List.of(), unknown, forgettable(state), false,
                    pendingDeadline(state));
        }
        // The state is as of the latest thing known about the enterprise: an event may have arrived before the
        // registration it follows, and must count as soon as the registration is there.
        EnterpriseProfile before = state.getProfile();
        long asOf = Math.max(inputTime, latestLedgerTime(state));
        if (before != null) {
            asOf = Math.max(asOf, before.getEventTime().toEpochMilli());
        }
        String sourceEventId = input.getEvent() != null ? input.getEvent().getEventId()
                : input.getRegistration().getEventId();
        return reassess(state, asOf, sourceEventId, triggers, claims).publishing(results);
    }

    /**
     * "One public", later part: the result of an inspection done for a drawn task (a joint visit has one per
     * department and check). Its plans and deadline come from the visit and the open task while the job holds them.
     */
    private static ResultPublication result(EnterpriseState state, EnforcementEvent e,
                                            org.creditgrid.schema.InspectionOutcome o) {
        String code = state.getRegistration().getCreditCode();
        String taskId = o.getTaskId();
        InspectionTask visit = state.getVisits().stream().filter(v -> v.getTaskId().equals(taskId)).findFirst()
                .orElse(null);
        List<String> plans = new ArrayList<>(visit != null ? visit.getPlans() : List.of(planOf(taskId, code)));
        Instant deadline = state.getOpenTasks().stream().filter(t -> t.getTaskId().equals(taskId)).findFirst()
                .map(t -> Instant.ofEpochMilli(t.getDeadline()))
                .orElse(visit == null ? null : visit.getDeadline());
        Claim c = state.getClaim();
        return ResultPublication.newBuilder()
                .setTaskId(taskId)
                .setPlanIds(plans)
                .setCreditCode(code)
                .setEnterpriseName(state.getRegistration().getName())
                .setUnitId(c == null ? null : c.getUnitId())
                .setDistrictCode(c == null ? null : c.getDistrictCode())
                .setDepartment(e.getDepartment())
                .setInspectionType(o.getInspectionType())
                .setOutcome(o.getOutcome())
                .setInspectedAt(e.getEventTime())
                .setDeadline(deadline)
                .setLate(deadline != null && e.getEventTime().isAfter(deadline))
                .setSourceEventId(e.getEventId())
                .build();
    }

    /**
     * Time has reached {@code now} (event time) with no new input for this enterprise: give up on events whose
     * enterprise never registered, end a deregistered enterprise after its retention, or let expired records go.
     */
    public Outcome onTime(EnterpriseState state, long now) {
        if (state.getRegistration() == null) {
            if (!state.getLedger().isEmpty() && now >= pendingDeadline(state)) {
                List<EnforcementEvent> unknown = new ArrayList<>(state.getLedger());
                state.getLedger().clear(); // a historical claim stays for the registration to come
                return new Outcome(null, List.of(), List.of(), unknown, forgettable(state), false, Long.MAX_VALUE);
            }
            return Outcome.nothing(pendingDeadline(state));
        }
        if (state.getRegistration().getChange() == RegistrationChange.DEREGISTERED) {
            long end = deregisteredUntil(state);
            return now >= end ? new Outcome(null, List.of(), List.of(), List.of(), true, state.getProfile() != null,
                    Long.MAX_VALUE) : Outcome.nothing(end);
        }
        List<ClaimRequest> claims = new ArrayList<>();
        List<InspectionTrigger> overdue = new ArrayList<>();
        for (org.creditgrid.internal.OpenTask t : List.copyOf(state.getOpenTasks())) {
            if (t.getDeadline() <= now) {
                removeWhere(state.getOpenTasks(), o -> o == t); // one trigger per task
                overdue.add(InspectionTrigger.newBuilder()
                        .setTriggerId(t.getTaskId() + ":" + TriggerReason.TASK_OVERDUE)
                        .setCreditCode(state.getRegistration().getCreditCode())
                        .setReason(TriggerReason.TASK_OVERDUE)
                        .setUrgency(Urgency.ROUTINE)
                        .setEventTime(Instant.ofEpochMilli(t.getDeadline()))
                        .setSourceEventId(t.getTaskId())
                        .setRiskClass(RiskClass.A)
                        .setPool(Pool.GENERAL)
                        .setDepartment(t.getDepartment())
                        .build());
            }
        }
        ClaimRequest c = state.getRequest();
        if (c != null && c.getDeadline() != null && now >= c.getDeadline().toEpochMilli()) {
            ClaimRequest escalated = ClaimRequest.newBuilder(c).setStatus(ClaimStatus.ESCALATED)
                    .setEventTime(c.getDeadline()).setDeadline(null).setDeadlineProvisional(false).setRespondingUnit(null)
                    .setDetail("not claimed by its deadline: escalated to district " + c.getDistrictCode()
                            + (c.getAssignedUnit() == null ? "" : " (it stays with unit " + c.getAssignedUnit() + ")"))
                    .build();
            open(state, escalated, claims);
        }
        long asOf = state.getProfile() == null ? now : Math.max(now, state.getProfile().getEventTime().toEpochMilli());
        return reassess(state, asOf, null, overdue, claims);
    }

    /**
     * A task this job drew, read back from its topic: its deadline becomes one of the enterprise's due instants,
     * and a task still open then raises a {@code TASK_OVERDUE} trigger. A result naming it may have come first.
     */
    private Outcome onTaskDrawn(EnterpriseState state, InspectionTask task) {
        if (state.getRegistration() == null) {
            return new Outcome(null, List.of(), List.of(), List.of(), forgettable(state), false,
                    pendingDeadline(state));
        }
        boolean known = state.getOpenTasks().stream().anyMatch(t -> t.getTaskId().equals(task.getTaskId()))
                || state.getLedger().stream().anyMatch(e -> e.getDetail() instanceof org.creditgrid.schema.InspectionOutcome o
                        && task.getTaskId().equals(o.getTaskId()));
        if (known && task.getDeadline() != null) { // a later revision of the visit may bring its deadline forward
            state.getOpenTasks().stream().filter(t -> t.getTaskId().equals(task.getTaskId()))
                    .forEach(t -> t.setDeadline(task.getDeadline().toEpochMilli()));
        }
        if (!known && task.getDeadline() != null) {
            state.getOpenTasks().add(new org.creditgrid.internal.OpenTask(task.getTaskId(),
                    task.getDeadline().toEpochMilli(), task.getItems().isEmpty() ? Triggers.MARKET_REGULATION
                            : task.getItems().get(0).getDepartment()));
        }
        return new Outcome(null, List.of(), List.of(), List.of(), false, false, nextWakeUp(state));
    }

    /**
     * A new grid is in force and {@code changed} lists the units it changes. Claimed by coordinates in a changed unit,
     * or waiting because its point lay outside the old grid: the coordinates are looked up again. Claimed by other
     * evidence naming a unit the new grid no longer has: the claim chain runs again from the coordinates. Claimed
     * by a unit the new grid renamed or moved to another district: the names follow. Everything else stays.
     */
    public Outcome regrid(EnterpriseState state, ClaimModel model, java.util.Set<String> changed) {
        EnterpriseRegistration r = state.getRegistration();
        Claim c = state.getClaim();
        if (r == null || c == null || state.getProfile() == null
                || r.getChange() == RegistrationChange.DEREGISTERED) {
            return Outcome.nothing(state.getTimer());
        }
        Claim next;
        if (c.getMethod() == ClaimMethod.UNCLAIMED) {
            if (c.getUnclaimedReason() != ClaimReason.OUTSIDE_GRID) {
                return Outcome.nothing(state.getTimer());
            }
            next = model.claim(r);
        } else if (!changed.contains(c.getUnitId())) {
            return Outcome.nothing(state.getTimer());
        } else if (c.getMethod() == ClaimMethod.COORDINATES) {
            next = model.claim(r);
        } else {
            next = model.byUnit(c.getMethod(), c.getUnitId(), c.getDetail()).orElseGet(() -> model.claim(r));
            next.setSince(c.getSince());
        }
        if (next.equals(c) || next.getMethod() == ClaimMethod.UNCLAIMED && c.getMethod() == ClaimMethod.UNCLAIMED) {
            return Outcome.nothing(state.getTimer()); // a case in progress goes on
        }
        state.setClaim(next);
        List<ClaimRequest> claims = new ArrayList<>();
        Instant at = state.getProfile().getEventTime();
        if (next.getMethod() != ClaimMethod.UNCLAIMED) {
            close(state, ClaimStatus.CLAIMED, "claimed by " + next.getMethod() + " on a new grid: unit "
                    + next.getUnitId(), next.getUnitId(), at, claims);
        } else {
            next.setDetail(next.getDetail() + " (unit " + c.getUnitId() + " changed in the new grid)");
            ClaimRequest opened = claimRequest(r, next, at);
            opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":regrid");
            open(state, opened, claims);
        }
        return reassess(state, at.toEpochMilli(), null, new ArrayList<>(), claims);
    }

    /**
     * The standard address database flagged the enterprise's address abnormal (an automatic claim gives way to a
     * case), corrected it (a case opened for that reason closes), added it or moved it to another unit (the standard
     * address outranks coordinates and history). Applies only while the enterprise is still registered at that
     * address; a unit's decision (MANUAL) and a cluster-registration case stand.
     */
    private Outcome onVerdict(EnterpriseState state, AddressVerdict verdict) {
        EnterpriseRegistration r = state.getRegistration();
        Claim c = state.getClaim();
        if (r == null || c == null || state.getProfile() == null || r.getChange() == RegistrationChange.DEREGISTERED
                || !AddressText.normalise(r.getAddress()).equals(verdict.getAddressKey())) {
            return Outcome.nothing(state.getTimer());
        }
        Claim next = verdict.getClaim();
        List<ClaimRequest> claims = new ArrayList<>();
        Instant at = state.getProfile().getEventTime();
        if (next.getMethod() == ClaimMethod.UNCLAIMED && c.getMethod() != ClaimMethod.UNCLAIMED
                && c.getMethod() != ClaimMethod.MANUAL) {
            state.setClaim(next);
            ClaimRequest opened = claimRequest(r, next, at);
            opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":abnormal");
            open(state, opened, claims);
        } else if (next.getMethod() != ClaimMethod.UNCLAIMED && c.getMethod() == ClaimMethod.UNCLAIMED
                && c.getUnclaimedReason() == ClaimReason.ABNORMAL_ADDRESS) {
            state.setClaim(next);
            close(state, ClaimStatus.CLAIMED, "the standard address was corrected: unit " + next.getUnitId(),
                    next.getUnitId(), at, claims);
        } else if (next.getMethod() == ClaimMethod.STANDARD_ADDRESS && (c.getMethod() == ClaimMethod.COORDINATES
                || c.getMethod() == ClaimMethod.HISTORY
                || c.getMethod() == ClaimMethod.STANDARD_ADDRESS && !next.getUnitId().equals(c.getUnitId()))) {
            state.setClaim(next); // the first evidence of the chain, now known or moved
        } else {
            return Outcome.nothing(state.getTimer());
        }
        return reassess(state, at.toEpochMilli(), null, new ArrayList<>(), claims);
    }

    /** Nothing left worth keeping for an enterprise that has not registered. */
    private static boolean forgettable(EnterpriseState state) {
        return state.getLedger().isEmpty() && state.getHistory() == null;
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

    /** A historical claim: kept, and it decides now if the enterprise waits for want of evidence. */
    private Outcome onHistory(EnterpriseState state, Claim history) {
        Claim known = state.getHistory();
        if (known != null && known.getDetail().equals(history.getDetail())) {
            return Outcome.nothing(state.getTimer()); // redelivered
        }
        state.setHistory(history);
        Claim current = state.getClaim();
        if (state.getRegistration() == null) {
            return new Outcome(null, List.of(), List.of(), List.of(), false, false, pendingDeadline(state));
        }
        if (current == null || current.getMethod() != ClaimMethod.UNCLAIMED || !historyApplies(current)
                || !historyCurrent(state)
                || state.getRegistration().getChange() == RegistrationChange.DEREGISTERED
                || state.getProfile() == null) {
            return Outcome.nothing(state.getTimer()); // kept for a later address change
        }
        state.setClaim(history);
        List<ClaimRequest> claims = new ArrayList<>();
        close(state, ClaimStatus.CLAIMED, "claimed by its historical claim: unit " + history.getUnitId(),
                history.getUnitId(), state.getProfile().getEventTime(), claims);
        return reassess(state, state.getProfile().getEventTime().toEpochMilli(), null, new ArrayList<>(), claims);
    }

    /**
     * A unit answers a manual-claim case. Any unit may claim a case in progress; only the unit the case lies with may
     * return it, and it moves to the next candidate, or to the district when none is left, with a new deadline.
     */
    private Outcome onResponse(EnterpriseState state, ClaimResponse response, Claim claimed) {
        ClaimRequest c = state.getRequest();
        if (state.getRegistration() == null || c == null || !c.getRequestId().equals(response.getRequestId())) {
            return new Outcome(null, List.of(), List.of(), List.of(), forgettable(state) && state.getRegistration() == null,
                    false, state.getRegistration() == null ? pendingDeadline(state) : nextWakeUp(state),
                    List.of(), List.of(new Inapplicable(response, c == null
                            ? "no manual-claim case is in progress for " + response.getCreditCode()
                            : "the case in progress is " + c.getRequestId())));
        }
        List<ClaimRequest> claims = new ArrayList<>();
        if (response.getAction() == ClaimAction.CLAIM) {
            state.setClaim(claimed);
            close(state, ClaimStatus.CLAIMED, "claimed by unit " + response.getUnitId(), response.getUnitId(),
                    response.getEventTime(), claims);
        } else {
            if (!response.getUnitId().equals(c.getAssignedUnit())) {
                return new Outcome(null, List.of(), List.of(), List.of(), false, false, nextWakeUp(state), List.of(),
                        List.of(new Inapplicable(response, c.getAssignedUnit() == null
                                ? "case " + c.getRequestId() + " lies with district " + c.getDistrictCode()
                                    + ": a unit may claim it, not return it"
                                : "case " + c.getRequestId() + " lies with unit " + c.getAssignedUnit())));
            }
            List<String> left = new ArrayList<>(c.getCandidateUnits());
            left.remove(response.getUnitId());
            String next = left.isEmpty() ? null : left.get(0);
            ClaimRules.Deadline deadline = claimRules.deadline(response.getEventTime());
            open(state, ClaimRequest.newBuilder(c).setStatus(ClaimStatus.RETURNED)
                    .setDetail("returned by unit " + response.getUnitId() + ": " + response.getReason() + "; now with "
                            + (next == null ? "district " + c.getDistrictCode() : "unit " + next))
                    .setCandidateUnits(left).setAssignedUnit(next).setRespondingUnit(response.getUnitId())
                    .setEventTime(response.getEventTime())
                    .setDeadline(deadline.at()).setDeadlineProvisional(deadline.provisional()).build(), claims);
        }
        if (state.getProfile() == null) {
            return new Outcome(null, List.of(), claims, List.of(), false, false, nextWakeUp(state));
        }
        return reassess(state, state.getProfile().getEventTime().toEpochMilli(), null, new ArrayList<>(), claims);
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

    /** The next instant a timer is wanted for, the open case's deadline included. */
    private long nextWakeUp(EnterpriseState state) {
        long t = state.getTimer() == 0 ? Long.MAX_VALUE : state.getTimer();
        return Math.min(t, nextDeadline(state));
    }

    /** The earliest of the open case's deadline and the open tasks' deadlines. */
    private static long nextDeadline(EnterpriseState state) {
        ClaimRequest c = state.getRequest();
        long due = c == null || c.getDeadline() == null ? Long.MAX_VALUE : c.getDeadline().toEpochMilli();
        for (org.creditgrid.internal.OpenTask t : state.getOpenTasks()) {
            due = Math.min(due, t.getDeadline());
        }
        return due;
    }

    private static long latestLedgerTime(EnterpriseState state) {
        List<EnforcementEvent> ledger = state.getLedger();
        return ledger.isEmpty() ? Long.MIN_VALUE : ledger.get(ledger.size() - 1).getEventTime().toEpochMilli();
    }

    /**
     * Re-scores a registered, active enterprise under the rules of this supervisor, as of the time of its last
     * profile; nothing happens to the others. For a new rules version in force.
     */
    public Outcome rescore(EnterpriseState state) {
        if (state.getRegistration() == null || state.getProfile() == null
                || state.getRegistration().getChange() == RegistrationChange.DEREGISTERED) {
            return Outcome.nothing(state.getTimer());
        }
        return reassess(state, state.getProfile().getEventTime().toEpochMilli(), null, new ArrayList<>(),
                new ArrayList<>());
    }

    private long pendingDeadline(EnterpriseState state) {
        return state.getLedger().isEmpty() ? Long.MAX_VALUE
                : state.getLedger().get(0).getEventTime().toEpochMilli() + limits.pendingTimeoutMs();
    }

    private long deregisteredUntil(EnterpriseState state) {
        return state.getRegistration().getEventTime().toEpochMilli() + limits.deregisteredRetentionMs();
    }

    private Outcome reassess(EnterpriseState state, long asOf, String sourceEventId, List<InspectionTrigger> triggers,
                             List<ClaimRequest> claims) {
        EnterpriseProfile before = state.getProfile();
        List<Membership> memberships = regroup(state, asOf); // before assessing: a move leaves the old address's count
        Assessment assessment = risk.assess(state.getRegistration(), state.getLedger(),
                state.getRegistrationChanges(), neighbourhood(state), asOf);
        flag(state, assessment.flagsRelatives(), asOf, memberships);
        state.setAssessedAt(asOf);
        state.setValidUntil(assessment.validUntil());
        // Keeps the state bounded. Pruning lags the enterprise's latest time, so a plan or a rules version evaluated
        // at an earlier instant (up to the lag) still sees what counted then.
        for (EnforcementEvent gone : risk.prune(state.getLedger(), state.getRegistrationChanges(), asOf - PRUNE_LAG)) {
            state.getPrunedIds().add(gone.getEventId());
        }
        if (state.getPrunedIds().size() > 100) {
            state.getPrunedIds().subList(0, state.getPrunedIds().size() - 100).clear();
        }
        EnterpriseProfile candidate = profile(state, assessment, asOf);
        List<InspectionTrigger> complete = new ArrayList<>();
        for (InspectionTrigger t : triggers) {
            complete.add(withProfile(t, candidate));
        }
        TriggerReason raised = Triggers.forClassChange(before == null ? null : before.getRiskClass(),
                candidate.getRiskClass());
        if (raised != null) {
            complete.add(withProfile(InspectionTrigger.newBuilder()
                    .setTriggerId(state.getRegistration().getCreditCode() + ":" + raised + ":" + asOf)
                    .setCreditCode(candidate.getCreditCode())
                    .setReason(raised)
                    .setUrgency(Triggers.urgency(candidate.getRiskClass(), candidate.getPool()))
                    .setEventTime(candidate.getEventTime())
                    .setSourceEventId(sourceEventId)
                    .setRiskClass(candidate.getRiskClass())
                    .setPool(candidate.getPool())
                    .setDepartment(Triggers.MARKET_REGULATION)
                    .build(), candidate));
        }
        EnterpriseProfile published = null;
        if (before == null || !sameContent(before, candidate)) {
            candidate.setVersion(before == null ? 1 : before.getVersion() + 1);
            candidate.setPreviousClass(before == null ? null : before.getRiskClass());
            state.setProfile(candidate);
            published = candidate;
        }
        long wakeUp = state.getRegistration().getChange() == RegistrationChange.DEREGISTERED
                ? deregisteredUntil(state) : Math.min(assessment.validUntil(), nextDeadline(state));
        return new Outcome(published, complete, claims, List.of(), false, false, wakeUp, memberships, List.of());
    }

    /** A group the enterprise belongs to told it about the others: re-score as of its last profile. */
    private Outcome onSignal(EnterpriseState state, GroupSignal signal) {
        if (state.getRegistration() == null) {
            // Late news for an enterprise whose state has ended: keep nothing for it.
            return new Outcome(null, List.of(), List.of(), List.of(), forgettable(state), false,
                    pendingDeadline(state));
        }
        Network n = network(state);
        if (signal.getGroup().equals(n.getAddressGroup())) {
            n.setAddressMembers(signal.getMembers());
        } else if (signal.getGroup().equals(n.getRepresentativeGroup())) {
            n.setFlaggedRelatives(signal.getFlaggedOthers());
        } else {
            return Outcome.nothing(state.getTimer()); // about a group it has left since
        }
        if (state.getProfile() == null || state.getRegistration().getChange() == RegistrationChange.DEREGISTERED) {
            return Outcome.nothing(state.getTimer());
        }
        List<ClaimRequest> claims = new ArrayList<>();
        Claim c = state.getClaim();
        if (signal.getGroup().equals(n.getAddressGroup()) && claimRules.crowded(n.getAddressMembers())
                && c != null && c.getMethod() != ClaimMethod.UNCLAIMED && c.getMethod() != ClaimMethod.MANUAL) {
            // A cluster-registration address says nothing about where the enterprise operates: the unit the
            // evidence pointed to is asked first. A unit's own decision (MANUAL) stands.
            Claim queued = Claim.newBuilder().setMethod(ClaimMethod.UNCLAIMED)
                    .setUnclaimedReason(ClaimReason.SHARED_ADDRESS)
                    .setDetail("address registered by " + n.getAddressMembers() + " enterprises (limit "
                            + claimRules.crowdedAddressLimit() + "); " + c.getMethod() + " pointed to unit "
                            + c.getUnitId())
                    .setCandidateUnits(List.of(c.getUnitId())).setCandidateDistrict(c.getDistrictCode()).build();
            state.setClaim(queued);
            EnterpriseRegistration r = state.getRegistration();
            ClaimRequest opened = claimRequest(r, queued, state.getProfile().getEventTime());
            opened.setRequestId(r.getCreditCode() + ":" + r.getEventId() + ":shared");
            open(state, opened, claims);
        }
        return reassess(state, state.getProfile().getEventTime().toEpochMilli(), null, new ArrayList<>(), claims);
    }

    static Neighbourhood neighbourhood(EnterpriseState state) {
        Network n = state.getNetwork();
        return n == null ? Neighbourhood.NONE : new Neighbourhood(n.getAddressMembers(), n.getFlaggedRelatives());
    }

    private static Network network(EnterpriseState state) {
        if (state.getNetwork() == null) {
            state.setNetwork(Network.newBuilder().build());
        }
        return state.getNetwork();
    }

    /**
     * The group changes to publish: an active enterprise belongs to the group of its normalised registered address
     * and to that of its legal representative; a deregistered one to none. What a group told it goes with the group.
     */
    private static List<Membership> regroup(EnterpriseState state, long asOf) {
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
        List<Membership> changes = new ArrayList<>();
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
        return changes;
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

    /** Carries the enterprise's flag to its legal representative's group when it changes. */
    private static void flag(EnterpriseState state, boolean flagged, long asOf, List<Membership> changes) {
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
     * The district sub-libraries are scoped by: the claim's, else the candidate district of an unclaimed enterprise
     * (its credit code's division in force, or where its coordinates or address put it), else the credit code's.
     */
    private static String membershipDistrict(EnterpriseRegistration r, Claim c) {
        return c.getDistrictCode() != null ? c.getDistrictCode()
                : c.getCandidateDistrict() != null ? c.getCandidateDistrict() : CreditCode.divisionCode(r.getCreditCode());
    }

    /** The profile for an assessment at {@code asOf} (version and previous class not yet set). */
    private EnterpriseProfile profile(EnterpriseState state, Assessment a, long asOf) {
        EnterpriseRegistration r = state.getRegistration();
        Set<Qualification> qualifications = qualifications(state.getLedger(), asOf);
        PoolRules.Decision pool = pools.route(r.getIndustryCode(), r.getLicences(), qualifications, a.riskClass());
        Claim c = state.getClaim();
        List<String> libraries = subLibraries.membership(r.getIndustryCode(), r.getLicences(), qualifications,
                membershipDistrict(r, c), pool.pool());
        return EnterpriseProfile.newBuilder()
                .setCreditCode(r.getCreditCode())
                .setName(r.getName())
                .setIndustryCode(r.getIndustryCode())
                .setStatus(r.getChange() == RegistrationChange.DEREGISTERED ? EnterpriseStatus.DEREGISTERED
                        : EnterpriseStatus.ACTIVE)
                .setRiskClass(a.riskClass())
                .setPreviousClass(null)
                .setScore(a.score())
                .setReasons(a.reasons())
                .setRulesVersion(a.rulesVersion())
                .setPool(pool.pool())
                .setPoolReason(pool.reason())
                .setUnitId(c.getUnitId())
                .setUnitName(c.getUnitName())
                .setDistrictCode(c.getDistrictCode())
                .setDistrictName(c.getDistrictName())
                .setClaimMethod(c.getMethod())
                .setSubLibraries(libraries)
                .setVersion(0)
                .setEventTime(Instant.ofEpochMilli(asOf))
                .build();
    }

    /**
     * Takes part in a sampling plan: a joint task with the plan's items when the enterprise is eligible and its draw
     * falls below its class's ratio; null otherwise. Items the same department inspected within the exclusion window
     * are left out (the prudent pool is exempt); the drawn items are remembered for later plans ({@code state} is
     * changed: the caller must store it).
     */
    public InspectionTask draw(EnterpriseState state, SamplingPlan plan) {
        return drawFor(state, plan, InspectorLibrary.EMPTY).task();
    }

    /**
     * An enterprise's part in a plan: the task if drawn; the stratum (its class at the plan's issue time) if it was
     * eligible after the exclusion, null if not; whether the exclusion alone left it out.
     */
    public record Draw(InspectionTask task, RiskClass stratum, boolean excluded) {
        static final Draw NONE = new Draw(null, null, false);
    }

    /**
     * {@link #draw}, with what the publication of the plan counts; the teams drawn from {@code inspectors}. The
     * enterprise is assessed at the plan's instant from its whole state, then drawn as {@link #draw(SamplingView,
     * String, SamplingPlan, InspectorLibrary)} draws from a view.
     */
    public Draw drawFor(EnterpriseState state, SamplingPlan plan, InspectorLibrary inspectors) {
        EnterpriseRegistration r = state.getRegistration();
        long at = plan.getEventTime().toEpochMilli();
        if (r == null || state.getProfile() == null || r.getChange() == RegistrationChange.DEREGISTERED) {
            return Draw.NONE;
        }
        // The stratum is the class at the plan's issue time, whatever the enterprise's last input was. Only what
        // the draw needs is evaluated: class, pool, and the sub-libraries only when the plan targets some.
        RiskClass riskClass = risk.assess(r, state.getLedger(), state.getRegistrationChanges(), neighbourhood(state),
                at).riskClass();
        Set<Qualification> qualifications = qualifications(state.getLedger(), at);
        Pool pool = pools.route(r.getIndustryCode(), r.getLicences(), qualifications, riskClass).pool();
        List<String> libraries = plan.getTargetSubLibraries().isEmpty() ? List.of()
                : subLibraries.membership(r.getIndustryCode(), r.getLicences(), qualifications,
                        membershipDistrict(r, state.getClaim()), pool);
        // The view shares the state's lists: what the draw remembers is in the state.
        return draw(view(state, riskClass, pool, libraries, at, at + 1), r.getCreditCode(), plan, inspectors);
    }

    /** The China date of a plan's instant: converted once per plan, not once per enterprise it visits. */
    private long chinaDay(java.time.Instant at) {
        PlanDay d = planDay;
        if (!d.at().equals(at)) {
            d = new PlanDay(at, at.atZone(CHINA).toLocalDate().toEpochDay());
            planDay = d;
        }
        return d.epochDay();
    }

    /** Whether {@code v}'s assessment holds at the plan's instant, so the plan can draw from the view alone. */
    public static boolean holds(SamplingView v, SamplingPlan plan) {
        long at = plan.getEventTime().toEpochMilli();
        return v.getAssessedAt() <= at && at < v.getValidUntil();
    }

    /**
     * Takes part in a sampling plan, judged from the enterprise's view (which must {@link #holds hold} at the plan's
     * instant): a joint task with the plan's items when it is eligible and its draw falls below its class's ratio.
     * Items the same department inspected within the exclusion window are left out (the prudent pool is exempt), and
     * so are those already in its visit of the plan's period; a visit drawn by an earlier plan of the period takes
     * the items instead of a second task. The drawn items are remembered in the view ({@code v} is changed when a
     * task is drawn: the caller must store it).
     */
    public Draw draw(SamplingView v, String code, SamplingPlan plan, InspectorLibrary inspectors) {
        long at = plan.getEventTime().toEpochMilli();
        if (v.getEstablishedDay() > chinaDay(plan.getEventTime())) {
            return Draw.NONE;
        }
        RiskClass riskClass = v.getRiskClass();
        Pool pool = v.getPool();
        List<String> libraries = plan.getTargetSubLibraries().isEmpty() ? List.of() : v.getSubLibraries();
        if (SamplingDraw.ineligibility(plan, riskClass, pool, libraries) != null) {
            return Draw.NONE;
        }
        PoolRules.Sampling sampling = pools.sampling();
        boolean exempt = sampling.exemptPools().contains(pool);
        InspectionTask visit = v.getVisits().stream()
                .filter(w -> w.getPeriodEnd() != null && w.getPeriodEnd().toEpochMilli() > at
                        && plan.getPeriodStart().equals(w.getPeriodStart())
                        && plan.getPeriodEnd().equals(w.getPeriodEnd()))
                .reduce((first, later) -> later).orElse(null);
        List<org.creditgrid.schema.PlanItem> items = new ArrayList<>();
        for (org.creditgrid.schema.PlanItem item : plan.getItems()) {
            if ((exempt || !inspectedWithin(v.getInspections(), item.getDepartment(), item.getInspectionType(),
                    sampling.exclusion(), at)) && !contains(visit, item)) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return new Draw(null, null, true);
        }
        double u = SamplingDraw.uniform(plan.getSeed(), code);
        if (u >= SamplingDraw.ratio(plan.getRatios(), riskClass)) {
            return new Draw(null, riskClass, false);
        }
        // One extraction, one dispatch: a visit already drawn for this plan period takes this plan's items.
        removeWhere(v.getVisits(), w -> w.getPeriodEnd() != null && w.getPeriodEnd().toEpochMilli() <= at);
        InspectionTask task;
        if (visit == null) {
            task = InspectionTask.newBuilder()
                    .setTaskId(taskId(plan.getPlanId(), code))
                    .setPlanId(plan.getPlanId())
                    .setCreditCode(code)
                    .setItems(items)
                    .setRiskClass(riskClass)
                    .setPool(pool)
                    .setUnitId(v.getUnitId())
                    .setDistrictCode(v.getDistrictCode())
                    .setDrawTime(plan.getEventTime())
                    .setDeadline(plan.getTaskDeadline())
                    .setSeed(plan.getSeed())
                    .setDraw(u)
                    .setInspectors(List.of())
                    .setPlans(new ArrayList<>(List.of(plan.getPlanId())))
                    .setRevision(1)
                    .setPeriodStart(plan.getPeriodStart())
                    .setPeriodEnd(plan.getPeriodEnd())
                    .build();
        } else {
            // The visit keeps its id, first plan, seed and draw; it gains the items, the plan, the earlier deadline.
            List<org.creditgrid.schema.PlanItem> all = new ArrayList<>(visit.getItems());
            all.addAll(items);
            List<String> plans = new ArrayList<>(visit.getPlans());
            plans.add(plan.getPlanId());
            task = InspectionTask.newBuilder(visit)
                    .setItems(all)
                    .setPlans(plans)
                    .setRevision(visit.getRevision() + 1)
                    .setRiskClass(riskClass)
                    .setPool(pool)
                    .setDeadline(plan.getTaskDeadline().isBefore(visit.getDeadline()) ? plan.getTaskDeadline()
                            : visit.getDeadline())
                    .build();
            removeWhere(v.getVisits(), w -> w == visit);
        }
        // Teams for every department of the visit, from its seed: a department already there keeps its team
        // unless the library, its items' qualifications or this plan's own-unit rule changed who is fit.
        List<org.creditgrid.schema.InspectionTeam> teams = inspectors.staff(task.getSeed(), code, v.getUnitId(),
                v.getDistrictCode(), task.getItems(), task.getDeadline(), plan.getInspectorsFromOtherUnit());
        task.setTeams(teams);
        task.setInspectors(teams.stream().flatMap(t -> t.getInspectors().stream()).toList());
        for (org.creditgrid.schema.PlanItem item : items) {
            inspected(v.getInspections(), item.getDepartment(), item.getInspectionType(), at, task.getTaskId());
        }
        v.getVisits().add(task);
        return new Draw(task, riskClass, false);
    }

    /**
     * The enterprise as sampling plans see it, from its last assessment, with its inspections and visits; null if
     * no plan can draw it (not registered, no profile yet, deregistered). The view shares the state's lists.
     */
    public static SamplingView viewOf(EnterpriseState state) {
        EnterpriseRegistration r = state.getRegistration();
        EnterpriseProfile p = state.getProfile();
        if (r == null || p == null || r.getChange() == RegistrationChange.DEREGISTERED) {
            return null;
        }
        return view(state, p.getRiskClass(), p.getPool(), p.getSubLibraries(), state.getAssessedAt(),
                state.getValidUntil());
    }

    private static SamplingView view(EnterpriseState state, RiskClass riskClass, Pool pool, List<String> libraries,
                                     long from, long until) {
        Claim c = state.getClaim();
        return new SamplingView((int) state.getRegistration().getEstablishedDate().toEpochDay(), from, until,
                riskClass, pool, libraries, c == null ? null : c.getUnitId(), c == null ? null : c.getDistrictCode(),
                state.getInspections(), state.getVisits());
    }

    /** A joint visit's id: the plan that first drew it and the enterprise. */
    static String taskId(String planId, String code) {
        return planId + ":" + code;
    }

    /** The plan that first drew the task {@code taskId} of enterprise {@code code} (the id itself if not ours). */
    static String planOf(String taskId, String code) {
        String suffix = ":" + code;
        return taskId.endsWith(suffix) ? taskId.substring(0, taskId.length() - suffix.length()) : taskId;
    }

    private static boolean contains(InspectionTask visit, org.creditgrid.schema.PlanItem item) {
        if (visit == null) {
            return false;
        }
        for (org.creditgrid.schema.PlanItem i : visit.getItems()) {
            if (i.getDepartment().equals(item.getDepartment()) && i.getInspectionType().equals(item.getInspectionType())) {
                return true;
            }
        }
        return false;
    }

    /** How long inspections are remembered for the exclusion: the longest sensible window and some margin. */
    static final long INSPECTIONS_KEPT_MS = 400 * 86_400_000L;

    /** Remembers an inspection (a result, or a drawn task's item); forgets those long past. */
    private static void inspected(List<org.creditgrid.internal.LastInspection> all, String department, String type,
                                  long time, String source) {
        for (org.creditgrid.internal.LastInspection i : all) {
            if (i.getSource().equals(source) && i.getDepartment().equals(department)
                    && i.getInspectionType().equals(type)) {
                return; // the same record again
            }
        }
        all.add(new org.creditgrid.internal.LastInspection(department, type, time, source));
        long newest = all.stream().mapToLong(org.creditgrid.internal.LastInspection::getTime).max().orElse(time);
        removeWhere(all, i -> i.getTime() < newest - INSPECTIONS_KEPT_MS);
    }

    /** Whether the department inspected this type in {@code [since, at)}. */
    /** Whether a check of this department and type before {@code at} still excludes at {@code at}. */
    private static boolean inspectedWithin(List<org.creditgrid.internal.LastInspection> inspections, String department,
                                           String type, org.creditgrid.calendar.Window exclusion, long at) {
        for (org.creditgrid.internal.LastInspection i : inspections) {
            if (i.getDepartment().equals(department) && i.getInspectionType().equals(type) && i.getTime() < at
                    && exclusion.open(i.getTime(), at)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Qualification> qualifications(List<EnforcementEvent> ledger, long asOf) {
        Set<Qualification> held = EnumSet.noneOf(Qualification.class);
        for (EnforcementEvent e : ledger) {
            if (e.getEventTime().toEpochMilli() > asOf) {
                break;
            }
            switch (e.getKind()) {
                case QUALIFICATION_GRANTED -> held.add(((QualificationChange) e.getDetail()).getQualification());
                case QUALIFICATION_EXPIRED -> held.remove(((QualificationChange) e.getDetail()).getQualification());
                default -> { }
            }
        }
        return held;
    }

    /**
     * Equal in everything a consumer cares about: version, event time and previous class aside, and the rules
     * version too — a new version in force republishes only the profiles whose class, score or reasons it changes.
     */
    static boolean sameContent(EnterpriseProfile before, EnterpriseProfile candidate) {
        // Compared in place (a builder copy of the profile was a top frame of the benchmark's profile).
        long version = candidate.getVersion();
        RiskClass previous = candidate.getPreviousClass();
        java.time.Instant time = candidate.getEventTime();
        String rules = candidate.getRulesVersion();
        candidate.setVersion(before.getVersion());
        candidate.setPreviousClass(before.getPreviousClass());
        candidate.setEventTime(before.getEventTime());
        candidate.setRulesVersion(before.getRulesVersion());
        try {
            return candidate.equals(before);
        } finally {
            candidate.setVersion(version);
            candidate.setPreviousClass(previous);
            candidate.setEventTime(time);
            candidate.setRulesVersion(rules);
        }
    }

    private static InspectionTrigger pendingTrigger(EnforcementEvent e, TriggerReason reason) {
        return InspectionTrigger.newBuilder()
                .setTriggerId(e.getEventId() + ":" + reason)
                .setCreditCode(e.getCreditCode())
                .setReason(reason)
                .setUrgency(Urgency.ROUTINE)
                .setEventTime(e.getEventTime())
                .setSourceEventId(e.getEventId())
                .setRiskClass(RiskClass.A)
                .setPool(Pool.GENERAL)
                .setDepartment(e.getDepartment())
                .build();
    }

    private static InspectionTrigger withProfile(InspectionTrigger t, EnterpriseProfile p) {
        t.setRiskClass(p.getRiskClass());
        t.setPool(p.getPool());
        t.setUrgency(Triggers.urgency(p.getRiskClass(), p.getPool()));
        t.setUnitId(p.getUnitId());
        t.setDistrictCode(p.getDistrictCode());
        return t;
    }

    private ClaimRequest claimRequest(EnterpriseRegistration r, Claim c) {
        return claimRequest(r, c, r.getEventTime());
    }

    private ClaimRequest claimRequest(EnterpriseRegistration r, Claim c, Instant at) {
        ClaimRules.Deadline deadline = claimRules.deadline(at);
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
