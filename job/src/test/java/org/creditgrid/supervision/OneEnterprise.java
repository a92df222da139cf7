package org.creditgrid.supervision;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.Grid;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.junit.jupiter.api.BeforeEach;

/** What the plain-Java supervisor tests share: the default rules and grid, and one enterprise's fresh state. */
abstract class OneEnterprise {

    static final EnterpriseSupervisor SUPERVISOR;
    static final ClaimModel CLAIMS;

    static {
        try {
            SUPERVISOR = Supervisors.of(new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION)),
                    PoolRules.load(PoolRules.DEFAULT_LOCATION));
            CLAIMS = new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    EnterpriseState state;

    @BeforeEach
    void fresh() {
        state = EnterpriseSupervisor.emptyState();
    }

    /** The registration with the claim the model gives it. */
    Outcome register(EnterpriseRegistration r) {
        return supervisor().apply(state, EnterpriseInput.newBuilder().setRegistration(r).setClaim(CLAIMS.claim(r))
                .build());
    }

    Outcome apply(EnforcementEvent e) {
        return supervisor().apply(state, EnterpriseInput.newBuilder().setEvent(e).build());
    }

    /**
     * The state as the keyed state backend gives it back: lists become Avro arrays, whose iterators cannot remove
     * (a plain ArrayList would hide that).
     */
    void restore() {
        org.creditgrid.io.AvroCodec<EnterpriseState> codec = org.creditgrid.io.AvroCodec.of(EnterpriseState.class);
        try {
            state = codec.decode(codec.encode(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The supervisor under test: the default one unless a test needs other rules. */
    EnterpriseSupervisor supervisor() {
        return SUPERVISOR;
    }
}
