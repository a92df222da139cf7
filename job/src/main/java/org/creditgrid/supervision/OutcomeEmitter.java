package org.creditgrid.supervision;

import static org.creditgrid.supervision.EnterpriseSupervision.CLAIMS;
import static org.creditgrid.supervision.EnterpriseSupervision.DEAD_LETTERS;
import static org.creditgrid.supervision.EnterpriseSupervision.FOLLOW_UPS;
import static org.creditgrid.supervision.EnterpriseSupervision.MOVES;
import static org.creditgrid.supervision.EnterpriseSupervision.NETWORK;
import static org.creditgrid.supervision.EnterpriseSupervision.TRIGGERS;

import java.util.function.BiConsumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.io.DeadLetters;
import org.creditgrid.io.Rejection;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.internal.FollowUp;

/**
 * The enterprise operator's one emit path: an input, an instant, a re-grid and a rules activation publish their
 * {@link Outcome} through it alike — the profile to the main output, the rest (its move in the unit statistics
 * included) to the side outputs, and what cannot be
 * applied (events of enterprises that never registered, answers that fit no case) to the dead letters with the
 * record re-encoded.
 */
final class OutcomeEmitter {

    /** Side outputs of either side of the operator (its two contexts share no public type). */
    interface SideOutputs {
        <X> void output(OutputTag<X> tag, X value);
    }

    private final EnterpriseSupervisor.Limits limits;
    private final String eventsTopic;
    private final String responsesTopic;
    private final Counter profilesOut;
    private final AvroCodec<EnforcementEvent> eventCodec = AvroCodec.of(EnforcementEvent.class);
    private final AvroCodec<ClaimResponse> responseCodec = AvroCodec.of(ClaimResponse.class);

    OutcomeEmitter(EnterpriseSupervisor.Limits limits, String eventsTopic, String responsesTopic, Counter profilesOut) {
        this.limits = limits;
        this.eventsTopic = eventsTopic;
        this.responsesTopic = responsesTopic;
        this.profilesOut = profilesOut;
    }

    void emit(String creditCode, Outcome outcome, SideOutputs side, Collector<EnterpriseProfile> out) {
        if (outcome.profile() != null) {
            profilesOut.inc();
            out.collect(outcome.profile());
        }
        if (outcome.move() != null) {
            side.output(MOVES, outcome.move());
        }
        outcome.triggers().forEach(t -> side.output(TRIGGERS, t));
        outcome.claims().forEach(c -> side.output(CLAIMS, c));
        outcome.followUps().forEach(f -> side.output(FOLLOW_UPS, f));
        outcome.results().forEach(r -> side.output(FOLLOW_UPS,
                FollowUp.newBuilder().setCreditCode(creditCode).setInspection(r).build()));
        outcome.memberships().forEach(m -> side.output(NETWORK, m));
        for (EnforcementEvent e : outcome.unknown()) {
            side.output(DEAD_LETTERS, DeadLetters.reencoded(eventsTopic, e.getEventTime().toEpochMilli(),
                    Rejection.UNKNOWN_ENTERPRISE, "no registration for " + creditCode + " within the pending limits ("
                            + limits.maxPending() + " events, " + limits.pendingTimeoutMs() / 86_400_000L + " days)",
                    creditCode, eventCodec.encode(e)));
        }
        for (Outcome.Inapplicable i : outcome.inapplicable()) {
            ClaimResponse r = i.response();
            side.output(DEAD_LETTERS, DeadLetters.reencoded(responsesTopic, r.getEventTime().toEpochMilli(),
                    Rejection.CLAIM_RESPONSE_NOT_APPLICABLE, "response " + r.getResponseId() + " of unit "
                            + r.getUnitId() + " to case " + r.getRequestId() + ": " + i.detail(),
                    creditCode, responseCodec.encode(r)));
        }
    }

    /** Either context's {@code output}, as in {@code sideOutputs(ctx::output)}. */
    @SuppressWarnings("unchecked")
    static SideOutputs sideOutputs(BiConsumer<OutputTag<Object>, Object> output) {
        return new SideOutputs() {
            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                output.accept((OutputTag<Object>) (OutputTag<?>) tag, value);
            }
        };
    }
}
