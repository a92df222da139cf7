package org.creditgrid.supervision;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.Assessment;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.schema.ChangedField;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimRequest;
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

    /** What one input produced. {@code profile} is null when the published profile did not change. */
    public record Outcome(EnterpriseProfile profile, List<InspectionTrigger> triggers, List<ClaimRequest> claims) {}

    private final RiskModel risk;
    private final PoolRules pools;

    public EnterpriseSupervisor(RiskModel risk, PoolRules pools) {
        this.risk = risk;
        this.pools = pools;
    }

    public static EnterpriseState emptyState() {
        return EnterpriseState.newBuilder().setLedger(new ArrayList<>()).setRegistrationChanges(new ArrayList<>()).build();
    }

    /** Applies one input to {@code state} (mutated in place). */
    public Outcome apply(EnterpriseState state, EnterpriseInput input) {
        List<InspectionTrigger> triggers = new ArrayList<>();
        List<ClaimRequest> claims = new ArrayList<>();
        long inputTime;
        if (input.getRegistration() != null) {
            EnterpriseRegistration r = input.getRegistration();
            EnterpriseRegistration previous = state.getRegistration();
            inputTime = r.getEventTime().toEpochMilli();
            if (previous != null && previous.getEventId().equals(r.getEventId())) {
                return new Outcome(null, triggers, claims); // redelivered
            }
            if (r.getChange() == RegistrationChange.CHANGED
                    && (r.getChangedFields().contains(ChangedField.ADDRESS)
                        || r.getChangedFields().contains(ChangedField.LEGAL_REPRESENTATIVE))) {
                state.getRegistrationChanges().add(inputTime);
            }
            if (previous != null && previous.getEventTime().isAfter(r.getEventTime())) {
                // An older registration arriving late: the newer one stays the current registration.
                return new Outcome(null, triggers, claims);
            }
            boolean addressChanged = previous == null || !previous.getAddress().equals(r.getAddress())
                    || !Objects.equals(previous.getCoordinates(), r.getCoordinates());
            state.setRegistration(r);
            if (addressChanged || state.getClaim() == null) {
                state.setClaim(input.getClaim());
                if (input.getClaim().getMethod() == ClaimMethod.UNCLAIMED
                        && r.getChange() != RegistrationChange.DEREGISTERED) {
                    claims.add(claimRequest(r, input.getClaim()));
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
            if (!Ledger.add(state.getLedger(), e)) {
                return new Outcome(null, triggers, claims); // the same event id counts once
            }
            TriggerReason reason = Triggers.forEvent(e.getKind());
            if (reason != null && state.getRegistration() != null) {
                triggers.add(pendingTrigger(e, reason));
            }
        }
        if (state.getRegistration() == null) {
            return new Outcome(null, triggers, claims); // held until the registration arrives
        }

        EnterpriseProfile before = state.getProfile();
        long asOf = before == null ? inputTime : Math.max(inputTime, before.getEventTime().toEpochMilli());
        EnterpriseProfile candidate = evaluate(state, asOf);
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
                    .setSourceEventId(input.getEvent() != null ? input.getEvent().getEventId()
                            : input.getRegistration().getEventId())
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
        return new Outcome(published, complete, claims);
    }

    /** The profile the enterprise would have at {@code asOf} (version and previous class not yet set). */
    EnterpriseProfile evaluate(EnterpriseState state, long asOf) {
        EnterpriseRegistration r = state.getRegistration();
        Assessment a = risk.assess(r, state.getLedger(), state.getRegistrationChanges(), asOf);
        Set<Qualification> qualifications = qualifications(state.getLedger(), asOf);
        PoolRules.Decision pool = pools.route(r.getIndustryCode(), r.getLicences(), qualifications, a.riskClass());
        Claim c = state.getClaim();
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
                .setSubLibraries(List.of())
                .setVersion(0)
                .setEventTime(Instant.ofEpochMilli(asOf))
                .build();
    }

    /**
     * Takes part in a sampling plan: a joint task with every item of the plan when the enterprise is eligible and its
     * draw falls below its class's ratio; null otherwise.
     */
    public InspectionTask draw(EnterpriseState state, SamplingPlan plan) {
        EnterpriseProfile p = state.getProfile();
        if (p == null || p.getStatus() != EnterpriseStatus.ACTIVE) {
            return null;
        }
        if (SamplingDraw.ineligibility(plan, p.getRiskClass(), p.getPool(), p.getSubLibraries()) != null) {
            return null;
        }
        double u = SamplingDraw.uniform(plan.getSeed(), p.getCreditCode());
        if (u >= SamplingDraw.ratio(plan.getRatios(), p.getRiskClass())) {
            return null;
        }
        return InspectionTask.newBuilder()
                .setTaskId(plan.getPlanId() + ":" + p.getCreditCode())
                .setPlanId(plan.getPlanId())
                .setCreditCode(p.getCreditCode())
                .setItems(new ArrayList<>(plan.getItems()))
                .setRiskClass(p.getRiskClass())
                .setPool(p.getPool())
                .setUnitId(p.getUnitId())
                .setDistrictCode(p.getDistrictCode())
                .setDrawTime(plan.getEventTime())
                .setDeadline(plan.getTaskDeadline())
                .setSeed(plan.getSeed())
                .setDraw(u)
                .setInspectors(List.of())
                .build();
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

    /** Equal in everything a consumer cares about: version, event time and previous class aside. */
    static boolean sameContent(EnterpriseProfile before, EnterpriseProfile candidate) {
        EnterpriseProfile a = EnterpriseProfile.newBuilder(before).setVersion(0).setPreviousClass(null)
                .setEventTime(candidate.getEventTime()).build();
        return a.equals(candidate);
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

    private static ClaimRequest claimRequest(EnterpriseRegistration r, Claim c) {
        return ClaimRequest.newBuilder()
                .setRequestId(r.getCreditCode() + ":" + r.getEventId())
                .setCreditCode(r.getCreditCode())
                .setStatus(ClaimStatus.OPEN)
                .setReason(c.getUnclaimedReason())
                .setDetail(c.getDetail())
                .setAddress(r.getAddress())
                .setCoordinates(r.getCoordinates())
                .setCandidateUnits(c.getCandidateUnits())
                .setDistrictCode(CreditCode.divisionCode(r.getCreditCode()))
                .setEventTime(r.getEventTime())
                .setDeadline(null)
                .build();
    }
}
