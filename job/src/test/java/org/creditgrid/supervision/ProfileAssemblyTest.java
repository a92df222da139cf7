package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.abnormal;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;
import static org.creditgrid.Fixtures.complaint;

import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;
import org.junit.jupiter.api.Test;

/**
 * Profile assembly and trigger enrichment ({@link ProfileAssembly}), driven through the supervisor: a profile is
 * published only when its content changes, and triggers carry the profile they were raised with.
 */
class ProfileAssemblyTest extends OneEnterprise {

    static final EnterpriseSupervisor supervisor = SUPERVISOR;
    static final ClaimModel claims = CLAIMS;
    final String code = code(7);

    @Test
    void aComplaintTriggersAnInspectionButChangesNoProfile() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        Outcome o = apply(complaint(code, "c1", at(1)));
        assertThat(o.profile()).isNull(); // one complaint moves no indicator
        assertThat(o.triggers()).singleElement().satisfies(t -> {
            assertThat(t.getReason()).isEqualTo(TriggerReason.COMPLAINT);
            assertThat(t.getTriggerId()).isEqualTo("c1:COMPLAINT");
            assertThat(t.getUnitId()).isEqualTo("440106022");
            assertThat(t.getUrgency()).isEqualTo(Urgency.ROUTINE);
        });
    }

    @Test
    void theAbnormalListRaisesTheClassWithItsTriggersAndReasons() {
        register(Fixtures.registration(code, T0, Fixtures.TIANHE));
        Outcome o = apply(abnormal(code, "a1", at(1)));
        assertThat(o.profile().getRiskClass()).isEqualTo(RiskClass.C);
        assertThat(o.profile().getPreviousClass()).isEqualTo(RiskClass.A);
        assertThat(o.profile().getVersion()).isEqualTo(2);
        assertThat(o.profile().getPool()).isEqualTo(Pool.PRUDENT);
        assertThat(o.profile().getReasons()).extracting(r -> r.getIndicator())
                .contains("supervision.abnormal_list", "override.abnormal_list");
        assertThat(o.triggers()).extracting(InspectionTrigger::getReason)
                .containsExactly(TriggerReason.ABNORMAL_LIST_ENTRY, TriggerReason.CLASS_RAISED_TO_C);
        assertThat(o.triggers()).allSatisfy(t -> assertThat(t.getUrgency()).isEqualTo(Urgency.PRIORITY));
    }

    /**
     * The digest the state keeps instead of the profile: blind to version, previous class, event time and rules
     * version (a new rules version republishes only what it changes), and changed by every other field.
     */
    @Test
    void theContentDigestSeesEveryFieldAConsumerCaresAbout() {
        EnterpriseProfile p = register(Fixtures.registration(code, T0, Fixtures.TIANHE)).profile();
        long digest = ProfileAssembly.contentDigest(p);
        EnterpriseProfile copy = EnterpriseProfile.newBuilder(p).setVersion(9).setPreviousClass(RiskClass.D)
                .setEventTime(at(40)).setRulesVersion("other").build();
        assertThat(ProfileAssembly.contentDigest(copy)).isEqualTo(digest);
        assertThat(copy.getVersion()).as("the blanked fields are put back").isEqualTo(9);
        assertThat(copy.getEventTime()).isEqualTo(at(40));

        java.util.List<EnterpriseProfile> changed = java.util.List.of(
                EnterpriseProfile.newBuilder(p).setName(p.getName() + "分店").build(),
                EnterpriseProfile.newBuilder(p).setIndustryCode("H6210").build(),
                EnterpriseProfile.newBuilder(p).setStatus(org.creditgrid.schema.EnterpriseStatus.DEREGISTERED).build(),
                EnterpriseProfile.newBuilder(p).setRiskClass(RiskClass.B).build(),
                EnterpriseProfile.newBuilder(p).setScore(p.getScore() + 1).build(),
                EnterpriseProfile.newBuilder(p).setReasons(java.util.List.of(new org.creditgrid.schema.Reason(
                        "supervision.complaints", org.creditgrid.schema.Dimension.SUPERVISION, 3, "c1"))).build(),
                EnterpriseProfile.newBuilder(p).setPool(Pool.INCLUSIVE).build(),
                EnterpriseProfile.newBuilder(p).setPoolReason("other").build(),
                EnterpriseProfile.newBuilder(p).setUnitId("440106001").build(),
                EnterpriseProfile.newBuilder(p).setUnitName("other").build(),
                EnterpriseProfile.newBuilder(p).setDistrictCode("440104").build(),
                EnterpriseProfile.newBuilder(p).setDistrictName("越秀区").build(),
                EnterpriseProfile.newBuilder(p).setClaimMethod(org.creditgrid.schema.ClaimMethod.MANUAL).build(),
                EnterpriseProfile.newBuilder(p).setSubLibraries(java.util.List.of("SL-X")).build());
        assertThat(changed).allSatisfy(c -> assertThat(ProfileAssembly.contentDigest(c)).isNotEqualTo(digest));
    }

    @Test
    void theStateKeepsWhatTheTriggersAndPlansReadOfThePublishedProfile() {
        EnterpriseProfile p = register(Fixtures.registration(code, T0, Fixtures.TIANHE)).profile();
        org.creditgrid.internal.PublishedProfile kept = state.getPublished();
        assertThat(kept.getVersion()).isEqualTo(p.getVersion());
        assertThat(kept.getEventTime()).isEqualTo(p.getEventTime().toEpochMilli());
        assertThat(kept.getRiskClass()).isEqualTo(p.getRiskClass());
        assertThat(kept.getPool()).isEqualTo(p.getPool());
        assertThat(kept.getScore()).isEqualTo(p.getScore());
        assertThat(kept.getUnitId()).isEqualTo(p.getUnitId());
        assertThat(kept.getDistrictCode()).isEqualTo(p.getDistrictCode());
        assertThat(kept.getSubLibraries()).isEqualTo(p.getSubLibraries());
        assertThat(kept.getContentDigest()).isEqualTo(ProfileAssembly.contentDigest(p));
    }
}
