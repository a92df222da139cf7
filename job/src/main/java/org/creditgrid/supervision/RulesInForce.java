package org.creditgrid.supervision;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.RulesAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The risk-rules version in force on one operator instance: the job's default rules file until a version is
 * activated (kept in broadcast state under {@link #ACTIVE}, so a restored job follows it), and the
 * {@link EnterpriseSupervisor} built on it.
 */
final class RulesInForce {

    private static final Logger LOG = LoggerFactory.getLogger(RulesInForce.class);

    /** The broadcast-state key of the version in force. */
    static final String ACTIVE = "active";

    private final RiskModel defaultRisk;
    private final PoolRules pools;
    private final ClaimRules claimRules;
    private final SubLibraries subLibraries;
    private final EnterpriseSupervisor.Limits limits;
    private String activeVersion;
    private EnterpriseSupervisor supervisor;

    RulesInForce(RiskModel defaultRisk, PoolRules pools, ClaimRules claimRules, SubLibraries subLibraries,
                 EnterpriseSupervisor.Limits limits) {
        this.defaultRisk = defaultRisk;
        this.pools = pools;
        this.claimRules = claimRules;
        this.subLibraries = subLibraries;
        this.limits = limits;
        this.activeVersion = defaultRisk.rules().version();
        this.supervisor = new EnterpriseSupervisor(defaultRisk, pools, claimRules, subLibraries, limits);
    }

    /** The supervisor under the version the broadcast state says is in force (rebuilt when that changed). */
    EnterpriseSupervisor supervisor(ReadOnlyBroadcastState<String, RiskRulesVersion> rules) throws Exception {
        RiskRulesVersion active = rules.get(ACTIVE);
        String wanted = active == null ? defaultRisk.rules().version() : active.getVersion();
        if (!wanted.equals(activeVersion)) {
            RiskModel model = defaultRisk;
            if (active != null) {
                try {
                    model = new RiskModel(parse(active));
                } catch (IOException e) {
                    // A version accepted by an earlier build that this build's validation refuses: failing here would
                    // fail every record after a restore, for ever. The default rules stand in, loudly.
                    LOG.error("Risk rules {} in force (from the restored state) no longer load: {}. Using the job's"
                            + " default rules {} until a valid version is activated.", wanted, e.getMessage(),
                            defaultRisk.rules().version());
                }
            }
            supervisor = new EnterpriseSupervisor(model, pools, claimRules, subLibraries, limits);
            activeVersion = wanted;
        }
        return supervisor;
    }

    /** The name of the version in force as last looked up. */
    String version() {
        return activeVersion;
    }

    /** Forgets the version in force, so the next lookup rebuilds even if a version of that name was in force. */
    void invalidate() {
        activeVersion = null;
    }

    static RiskRules parse(RiskRulesVersion v) throws IOException {
        return RiskRules.parse(new ByteArrayInputStream(v.getRulesJson().getBytes(StandardCharsets.UTF_8)),
                "version " + v.getVersion());
    }

    /** The audit record of a version submitted (candidate) or activated, with the SHA-256 of its rules. */
    static RulesAudit audit(RiskRulesVersion v) {
        return new RulesAudit(v.getVersion(), sha256(v.getRulesJson()), v.getState(), v.getSubmittedBy(),
                v.getSubmittedAt(), Instant.now());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
