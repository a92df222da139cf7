package org.creditgrid.pipeline;

/** Topic names; every one can be changed with a {@code --topic.NAME} flag. */
public record Topics(
        String registrations,
        String events,
        String standardAddresses,
        String claimHistory,
        String claimResponses,
        String plans,
        String riskRules,
        String gridUnits,
        String inspectors,
        String profiles,
        String triggers,
        String tasks,
        String claims,
        String deadLetters,
        String rulesImpact,
        String rulesAudit,
        String publications,
        String network,
        String unitStats) {

    public static Topics defaults() {
        return new Topics("enterprise-registrations", "enforcement-events", "standard-addresses", "claim-history",
                "claim-responses", "sampling-plans",
                "risk-rules", "grid-units", "inspectors", "enterprise-profiles", "inspection-triggers", "inspection-tasks", "claim-requests",
                "dead-letters", "rules-impact", "rules-audit", "inspection-publications", "creditgrid-network",
                "unit-stats");
    }

    /**
     * The job's own feedback topic: enterprises joining and leaving their legal representatives' groups, with their
     * flag, written exactly once and read back by the job. Not for consumers.
     */
    public java.util.List<String> internal() {
        return java.util.List.of(network);
    }

    public java.util.List<String> inputs() {
        return java.util.List.of(registrations, events, standardAddresses, claimHistory, claimResponses, plans, riskRules, gridUnits,
                inspectors);
    }

    public java.util.List<String> outputs() {
        return java.util.List.of(profiles, triggers, tasks, claims, deadLetters, rulesImpact, rulesAudit, publications,
                unitStats);
    }

    /**
     * Command topics, broadcast to every instance: one partition each, so every instance sees the commands in the
     * same order (two partitions could deliver an activation and an earlier one in different orders).
     */
    public java.util.List<String> control() {
        return java.util.List.of(plans, riskRules, gridUnits, inspectors);
    }

    /** Every topic the job reads or writes. */
    public java.util.List<String> all() {
        java.util.List<String> all = new java.util.ArrayList<>(inputs());
        all.addAll(internal());
        all.addAll(outputs());
        return all;
    }

    /** Topics that are changelogs (the latest record of a key is its state) and should be compacted. */
    public java.util.List<String> compacted() {
        return java.util.List.of(profiles, standardAddresses, claimHistory, riskRules, gridUnits, inspectors, unitStats);
    }
}
