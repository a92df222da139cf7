package org.creditgrid.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseStatus;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;
import org.junit.jupiter.api.Test;

/** The chaos verifier's arithmetic: what counts as duplicate, lost, different, or timing. */
class OutputsTest {

    static EnterpriseProfile profile(String code, long version, int score, RiskClass previous, long eventTime) {
        return EnterpriseProfile.newBuilder().setCreditCode(code).setName("n").setIndustryCode("F5261")
                .setStatus(EnterpriseStatus.ACTIVE).setRiskClass(RiskClass.B).setPreviousClass(previous)
                .setScore(score).setReasons(List.of()).setRulesVersion("r").setPool(Pool.GENERAL).setPoolReason("p")
                .setUnitId("u").setUnitName("un").setDistrictCode("440106").setDistrictName("d")
                .setClaimMethod(ClaimMethod.STANDARD_ADDRESS).setSubLibraries(List.of()).setVersion(version)
                .setEventTime(Instant.ofEpochMilli(eventTime)).build();
    }

    static InspectionTrigger trigger(String id, TriggerReason reason, RiskClass riskClass) {
        return InspectionTrigger.newBuilder().setTriggerId(id).setCreditCode("c").setReason(reason)
                .setUrgency(Urgency.ROUTINE).setEventTime(Instant.EPOCH).setSourceEventId("e").setRiskClass(riskClass)
                .setPool(Pool.GENERAL).setUnitId(null).setDistrictCode(null).setDepartment("SAMR").build();
    }

    static Outputs outputs(Map<String, List<Long>> versions, Map<String, EnterpriseProfile> profiles,
                           Map<String, InspectionTrigger> triggers) {
        Map<String, Integer> counts = new java.util.HashMap<>();
        triggers.keySet().forEach(k -> counts.put(k, 1));
        Map<String, List<String>> classes = new java.util.HashMap<>();
        profiles.forEach((code, p) -> classes.put(code, List.of(p.getRiskClass().name())));
        return new Outputs(versions, profiles, counts, triggers, Map.of(), Map.of(), Map.of(), Map.of(), classes);
    }

    @Test
    void duplicatesAndGapsInAnEnterprisesVersionsAreCountedEachCopyAndEachHole() {
        Outputs o = outputs(Map.of("a", List.of(1L, 2L, 2L, 3L), "b", List.of(1L, 3L, 4L, 4L, 4L)), Map.of(),
                Map.of());
        assertThat(o.duplicateVersions()).isEqualTo(3);
        assertThat(o.missingVersions()).as("b lacks version 2").isEqualTo(1);
        assertThat(o.profileRecords()).isEqualTo(9);
        Outputs twice = new Outputs(Map.of(), Map.of(), Map.of("t", 3), Map.of(), Map.of("k#1", 2), Map.of(),
                Map.of(), Map.of("plan", 2), Map.of());
        assertThat(twice.duplicateDraws()).isEqualTo(1);
        assertThat(twice.duplicateTriggers()).isEqualTo(2);
        assertThat(twice.duplicateTaskRevisions()).isEqualTo(1);
    }

    @Test
    void aFinalProfileReachedThroughOtherVersionsIsTimingButAnotherScoreIsADifference() {
        Outputs reference = outputs(Map.of(), Map.of(
                "a", profile("a", 2, 3, RiskClass.B, 100),
                "b", profile("b", 1, 3, null, 100),
                "c", profile("c", 1, 3, null, 100)), Map.of());
        Outputs run = outputs(Map.of(), Map.of(
                "a", profile("a", 1, 3, null, 50),
                "b", profile("b", 1, 13, null, 100)), Map.of());
        Outputs.Comparison c = run.compareTo(reference);
        assertThat(c.profileHistory).as("a: version, previous class and event time only").isEqualTo(1);
        assertThat(c.profiles.different).containsOnlyKeys("b");
        assertThat(c.profiles.fields).containsOnlyKeys("score");
        assertThat(c.profiles.missing).containsExactly("c");
        assertThat(c.identical()).isFalse();
    }

    @Test
    void anEventTriggerMustBeThereButAClassTriggerAndTheSnapshotMayDiffer() {
        Outputs reference = outputs(Map.of(), Map.of(), Map.of(
                "e1:COMPLAINT", trigger("e1:COMPLAINT", TriggerReason.COMPLAINT, RiskClass.A),
                "c:CLASS_RAISED_TO_C:1", trigger("c:CLASS_RAISED_TO_C:1", TriggerReason.CLASS_RAISED_TO_C,
                        RiskClass.C)));
        Outputs sameEventsOtherTiming = outputs(Map.of(), Map.of(), Map.of(
                "e1:COMPLAINT", trigger("e1:COMPLAINT", TriggerReason.COMPLAINT, RiskClass.B),
                "c:CLASS_RAISED_TO_C:2", trigger("c:CLASS_RAISED_TO_C:2", TriggerReason.CLASS_RAISED_TO_C,
                        RiskClass.C)));
        Outputs.Comparison sameRaise = sameEventsOtherTiming.compareTo(reference);
        assertThat(sameRaise.unexplainedClassTriggers).as("raised to C once in each: the same raise, another instant")
                .isEmpty();
        assertThat(sameRaise.identical()).isTrue();

        Outputs noRaise = outputs(Map.of(), Map.of(), Map.of(
                "e1:COMPLAINT", trigger("e1:COMPLAINT", TriggerReason.COMPLAINT, RiskClass.B)));
        Outputs.Comparison unexplained = noRaise.compareTo(reference);
        assertThat(unexplained.unexplainedClassTriggers).as("never raised, through the same classes")
                .containsExactly("c:CLASS_RAISED_TO_C:1");
        assertThat(unexplained.identical()).isFalse();

        Outputs otherClasses = new Outputs(Map.of(), Map.of(), sameEventsOtherTiming.triggers(),
                sameEventsOtherTiming.lastTriggers(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of("c", List.of("A", "C", "B", "C")));
        Outputs.Comparison timing = otherClasses.compareTo(reference);
        assertThat(timing.unexplainedClassTriggers).isEmpty();
        assertThat(timing.identical()).isTrue();
        assertThat(timing.eventTriggers.identical()).isTrue();
        assertThat(timing.classTriggers.missing).containsExactly("c:CLASS_RAISED_TO_C:1");
        assertThat(timing.classTriggers.extra).containsExactly("c:CLASS_RAISED_TO_C:2");
        assertThat(timing.triggerStates.fields).containsOnlyKeys("riskClass");

        Outputs lostOne = outputs(Map.of(), Map.of(), Map.of());
        assertThat(lostOne.duplicateDraws()).isZero();
        assertThat(lostOne.compareTo(reference).eventTriggers.missing).containsExactly("e1:COMPLAINT");
    }
}
