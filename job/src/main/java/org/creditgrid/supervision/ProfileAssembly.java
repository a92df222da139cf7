package org.creditgrid.supervision;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.CountedAs;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.ProfileMove;
import org.creditgrid.internal.PublishedProfile;
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
     * version and previous class; the state keeps its {@link PublishedProfile}); returns it, or null when nothing a
     * consumer cares about changed.
     */
    static EnterpriseProfile publishIfChanged(EnterpriseState state, EnterpriseProfile candidate) {
        PublishedProfile before = state.getPublished();
        long digest = contentDigest(candidate);
        if (before != null && before.getContentDigest() == digest) {
            if (!before.getCounted() && candidate.getStatus() == EnterpriseStatus.ACTIVE) {
                // A state of a release before the unit statistics: counted from now on (see move).
                state.setPublished(PublishedProfile.newBuilder(before).setCounted(true).build());
            }
            return null;
        }
        candidate.setVersion(before == null ? 1 : before.getVersion() + 1);
        candidate.setPreviousClass(before == null ? null : before.getRiskClass());
        state.setPublished(published(candidate, digest, candidate.getStatus() == EnterpriseStatus.ACTIVE));
        return candidate;
    }

    /**
     * What the unit statistics must hear after {@link #publishIfChanged}: where the enterprise counted before
     * ({@code before}, if counted) and counts now ({@code now}, if counted; names from {@code candidate}), with its
     * class change; null when neither its place, class nor pool changed. A state restored from a release before the
     * statistics is not counted until this first says where it is.
     */
    static ProfileMove move(PublishedProfile before, PublishedProfile now, EnterpriseProfile candidate) {
        if (now == before) {
            return null;
        }
        CountedAs from = before != null && before.getCounted() ? new CountedAs(before.getUnitId(), null,
                before.getDistrictCode(), null, before.getRiskClass(), before.getPool(), null) : null;
        CountedAs to = now.getCounted() ? new CountedAs(now.getUnitId(), candidate.getUnitName(),
                now.getDistrictCode(), candidate.getDistrictName(), now.getRiskClass(), now.getPool(),
                candidate.getClaimMethod()) : null;
        int change = before == null ? 0 : Integer.signum(now.getRiskClass().compareTo(before.getRiskClass()));
        if (change == 0 && sameCount(from, to)) {
            return null;
        }
        return new ProfileMove(now.getEventTime(), from, to, change);
    }

    private static boolean sameCount(CountedAs a, CountedAs b) {
        return a == null ? b == null : b != null && Objects.equals(a.getUnitId(), b.getUnitId())
                && Objects.equals(a.getDistrictCode(), b.getDistrictCode()) && a.getRiskClass() == b.getRiskClass()
                && a.getPool() == b.getPool();
    }

    /** What a state of an earlier release, which kept the profile {@code p} whole, keeps of it now. */
    static PublishedProfile published(EnterpriseProfile p) {
        return published(p, contentDigest(p), false);
    }

    private static PublishedProfile published(EnterpriseProfile p, long digest, boolean counted) {
        return new PublishedProfile(p.getVersion(), p.getEventTime().toEpochMilli(), p.getRiskClass(), p.getPool(),
                p.getScore(), p.getUnitId(), p.getDistrictCode(), new ArrayList<>(p.getSubLibraries()), digest,
                counted);
    }

    /**
     * The triggers to publish with {@code candidate}: {@code raised} completed with its class, pool, urgency and unit,
     * and a class-change trigger if the class rose into C or D since {@code before}.
     */
    static void complete(List<InspectionTrigger> raised, PublishedProfile before, EnterpriseProfile candidate,
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
     * A digest of everything a consumer cares about: version, event time and previous class aside, and the rules
     * version too — a new version in force republishes only the profiles whose class, score or reasons it changes.
     * The first 64 bits of the SHA-256 (the JDK's) of the profile's Avro encoding ({@link AvroCodec}) with those four
     * blanked.
     */
    static long contentDigest(EnterpriseProfile p) {
        long version = p.getVersion();
        RiskClass previous = p.getPreviousClass();
        Instant time = p.getEventTime();
        String rules = p.getRulesVersion();
        p.setVersion(0);
        p.setPreviousClass(null);
        p.setEventTime(Instant.EPOCH);
        p.setRulesVersion("");
        try {
            return digest(p);
        } finally {
            p.setVersion(version);
            p.setPreviousClass(previous);
            p.setEventTime(time);
            p.setRulesVersion(rules);
        }
    }

    private static final AvroCodec<EnterpriseProfile> PROFILES = AvroCodec.of(EnterpriseProfile.class);
    /** One SHA-256 per thread, reused. */
    private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    private static long digest(EnterpriseProfile p) {
        byte[] d = SHA.get().digest(PROFILES.encode(p));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xff);
        }
        return v;
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
