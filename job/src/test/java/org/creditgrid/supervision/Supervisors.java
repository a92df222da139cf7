package org.creditgrid.supervision;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.schema.SamplingPlan;

/** The supervisor and operator as tests build them: the shipped catalogues unless a test names its own. */
final class Supervisors {

    private Supervisors() {}

    static EnterpriseSupervisor of(RiskModel risk, PoolRules pools) {
        return of(risk, pools, ClaimRules.DEFAULT_LOCATION, EnterpriseSupervisor.Limits.defaults());
    }

    static EnterpriseSupervisor of(RiskModel risk, PoolRules pools, EnterpriseSupervisor.Limits limits) {
        return of(risk, pools, ClaimRules.DEFAULT_LOCATION, limits);
    }

    static EnterpriseSupervisor of(RiskModel risk, PoolRules pools, ClaimRules claimRules,
                                   EnterpriseSupervisor.Limits limits) {
        try {
            return new EnterpriseSupervisor(risk, pools, claimRules, SubLibraries.load(SubLibraries.DEFAULT_LOCATION),
                    limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EnterpriseSupervisor of(RiskModel risk, PoolRules pools, String claimRules,
                                           EnterpriseSupervisor.Limits limits) {
        try {
            return of(risk, pools, ClaimRules.load(claimRules), limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operator with the shipped rules, grid and catalogues. */
    static EnterpriseSupervision operator() {
        return new EnterpriseSupervision(RiskRules.DEFAULT_LOCATION, PoolRules.DEFAULT_LOCATION,
                ClaimRules.DEFAULT_LOCATION, Grid.DEFAULT_LOCATION, SubLibraries.DEFAULT_LOCATION,
                EnterpriseSupervisor.Limits.defaults(), Topics.defaults().events(), Topics.defaults().claimResponses());
    }

    /** The enterprise's part in {@code plan} with no inspector library: its task, or null. */
    static InspectionTask drawn(EnterpriseSupervisor supervisor, EnterpriseState state, SamplingPlan plan) {
        return supervisor.plans().drawFor(state, plan, InspectorLibrary.EMPTY).task();
    }
}
