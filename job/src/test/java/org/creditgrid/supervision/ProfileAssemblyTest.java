package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.abnormal;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;
import static org.creditgrid.Fixtures.complaint;

import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
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
}
