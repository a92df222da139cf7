package org.creditgrid.supervision;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.Assessment;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EnterpriseStatus;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.creditgrid.schema.QualificationChange;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;

/**
 * Profile assembly and trigger enrichment, in one place: the published profile of an assessment (class, score,
 * reasons, pool, unit, sub-libraries) and the triggers completed with the class, pool, urgency and unit of the profile
 * they go out with.
 */
final class ProfileAssembly {

    private final PoolRules pools;
    private final SubLibraries subLibraries;

    ProfileAssembly(PoolRules pools, SubLibraries subLibraries) {
        this.pools = pools;
        this.subLibraries = subLibraries;
    }

    /** The profile for an assessment at {@code asOf} (epoch ms); version and previous class not yet set. */
    EnterpriseProfile profile(EnterpriseState state, Assessment a, long asOf) {
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
     * Publishes {@code candidate} into {@code state} if it differs in content from the profile before (numbering its
     * version and previous class); returns it, or null when nothing a consumer cares about changed.
     */
    static EnterpriseProfile publishIfChanged(EnterpriseState state, EnterpriseProfile candidate) {
        EnterpriseProfile before = state.getProfile();
        if (before != null && sameContent(before, candidate)) {
            return null;
        }
        candidate.setVersion(before == null ? 1 : before.getVersion() + 1);
        candidate.setPreviousClass(before == null ? null : before.getRiskClass());
        state.setProfile(candidate);
        return candidate;
    }

    /**
     * The triggers to publish with {@code candidate}: {@code raised} completed with its class, pool, urgency and unit,
     * and a class-change trigger if the class rose into C or D since {@code before}.
     */
    static void complete(List<InspectionTrigger> raised, EnterpriseProfile before, EnterpriseProfile candidate,
                         long asOf, String sourceEventId, List<InspectionTrigger> out) {
        for (InspectionTrigger t : raised) {
            out.add(withProfile(t, candidate));
        }
        TriggerReason rose = Triggers.forClassChange(before == null ? null : before.getRiskClass(),
                candidate.getRiskClass());
        if (rose != null) {
            out.add(withProfile(InspectionTrigger.newBuilder()
                    .setTriggerId(candidate.getCreditCode() + ":" + rose + ":" + asOf)
                    .setCreditCode(candidate.getCreditCode())
                    .setReason(rose)
                    .setUrgency(Urgency.ROUTINE)
                    .setEventTime(candidate.getEventTime())
                    .setSourceEventId(sourceEventId)
                    .setRiskClass(candidate.getRiskClass())
                    .setPool(candidate.getPool())
                    .setDepartment(Triggers.MARKET_REGULATION)
                    .build(), candidate));
        }
    }

    /** A trigger raised by an event; its class, pool and unit come with the profile it goes out with. */
    static InspectionTrigger pendingTrigger(EnforcementEvent e, TriggerReason reason) {
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

    /**
     * Equal in everything a consumer cares about: version, event time and previous class aside, and the rules
     * version too — a new version in force republishes only the profiles whose class, score or reasons it changes.
     */
    static boolean sameContent(EnterpriseProfile before, EnterpriseProfile candidate) {
        // Compared in place (a builder copy of the profile was a top frame of the benchmark's profile).
        long version = candidate.getVersion();
        RiskClass previous = candidate.getPreviousClass();
        Instant time = candidate.getEventTime();
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

    /** The qualifications held at {@code asOf}, from the ledger's grants and expiries (sorted by event time). */
    static Set<Qualification> qualifications(List<EnforcementEvent> ledger, long asOf) {
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
     * The district sub-libraries are scoped by: the claim's, else the candidate district of an unclaimed enterprise
     * (its credit code's division in force, or where its coordinates or address put it), else the credit code's.
     */
    static String membershipDistrict(EnterpriseRegistration r, Claim c) {
        return c.getDistrictCode() != null ? c.getDistrictCode()
                : c.getCandidateDistrict() != null ? c.getCandidateDistrict() : CreditCode.divisionCode(r.getCreditCode());
    }
}
