package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.ClaimAction;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.junit.jupiter.api.Test;

/**
 * The manual-claim lifecycle on a real broker: a case opens for an enterprise outside the grid, the first candidate
 * returns it, another unit claims it (the profile follows); a historical claim decides for an enterprise without
 * evidence; an answer naming a unit the grid lacks is a dead letter; a case nobody answers escalates once event time
 * passes its deadline.
 */
class ManualClaimIT extends PipelineIT {

    private final Topics topics = Topics.defaults();
    private final AvroCodec<ClaimResponse> responses = AvroCodec.of(ClaimResponse.class);

    @Test
    void casesAreReturnedClaimedAndEscalated() throws Exception {
        KAFKA.createTopics(topics, 2);
        CreditGridConfig config = config(Duration.ofMillis(300)).withSourceIdleness(Duration.ofSeconds(1));
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        String returned = code(1);
        String historical = code(2);
        String ignored = code(3);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            KAFKA.send(p, topics.claimHistory(), historical, AvroCodec.of(ClaimHistory.class).encode(
                    new ClaimHistory("H1", historical, "440106006", at(-300), "legacy")), at(-300).toEpochMilli());
            for (EnterpriseRegistration r : List.of(Fixtures.registration(returned, T0, Fixtures.SHENZHEN),
                    Fixtures.registration(historical, T0, null), Fixtures.registration(ignored, T0, Fixtures.SHENZHEN))) {
                KAFKA.send(p, topics.registrations(), r.getCreditCode(), reg.encode(r), T0.toEpochMilli());
            }
        }
        JobClient job = start(config, "manual-claim-it");
        try {
            // The history and the registration come from two topics in no set order: the history decides either at
            // once (no case) or as soon as it arrives (the case opened meanwhile closes as CLAIMED by it).
            Map<String, ClaimRequest> cases = awaitCases(c -> c.containsKey(returned) && c.containsKey(ignored)
                    && c.get(returned).getStatus() == ClaimStatus.OPEN && c.get(ignored).getStatus() == ClaimStatus.OPEN
                    && (!c.containsKey(historical) || c.get(historical).getStatus() == ClaimStatus.CLAIMED));
            ClaimRequest open = cases.get(returned);
            String first = open.getAssignedUnit();
            assertThat(first).isEqualTo(open.getCandidateUnits().get(0));
            if (cases.containsKey(historical)) {
                assertThat(cases.get(historical).getStatus()).isEqualTo(ClaimStatus.CLAIMED);
                assertThat(cases.get(historical).getRespondingUnit()).isEqualTo("440106006");
                assertThat(cases.get(historical).getDetail()).contains("historical claim");
            }

            respond(new ClaimResponse("A1", open.getRequestId(), returned, first, ClaimAction.RETURN,
                    "the shop is in Shenzhen", at(1)));
            respond(new ClaimResponse("A2", open.getRequestId(), returned, "999999999", ClaimAction.CLAIM, "", at(1)));
            awaitCases(c -> c.get(returned).getStatus() == ClaimStatus.RETURNED);
            respond(new ClaimResponse("A3", open.getRequestId(), returned, "440106006", ClaimAction.CLAIM, "", at(2)));
            awaitCases(c -> c.get(returned).getStatus() == ClaimStatus.CLAIMED);

            // Event time passes the deadline of the case nobody answers.
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                EnforcementEvent later = Fixtures.complaint(historical, "C1", at(60));
                KAFKA.send(p, topics.events(), historical, AvroCodec.of(EnforcementEvent.class).encode(later),
                        at(60).toEpochMilli());
            }
            Map<String, ClaimRequest> last = awaitCases(c -> c.get(ignored).getStatus() == ClaimStatus.ESCALATED);
            assertThat(last.get(ignored).getReason()).isEqualTo(ClaimReason.OUTSIDE_GRID);

            List<ClaimRequest> all = decode(ClaimRequest.class, KAFKA.readCommitted(topics.claims()));
            assertThat(all).filteredOn(c -> c.getCreditCode().equals(returned))
                    .extracting(ClaimRequest::getStatus, ClaimRequest::getRespondingUnit)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(ClaimStatus.OPEN, null),
                            org.assertj.core.groups.Tuple.tuple(ClaimStatus.RETURNED, first),
                            org.assertj.core.groups.Tuple.tuple(ClaimStatus.CLAIMED, "440106006"));
            Map<String, EnterpriseProfile> profiles = new HashMap<>();
            decode(EnterpriseProfile.class, KAFKA.readCommitted(topics.profiles())).forEach(p ->
                    profiles.merge(p.getCreditCode(), p, (a, b) -> a.getVersion() >= b.getVersion() ? a : b));
            assertThat(profiles.get(returned).getClaimMethod()).isEqualTo(ClaimMethod.MANUAL);
            assertThat(profiles.get(returned).getUnitId()).isEqualTo("440106006");
            assertThat(profiles.get(historical).getClaimMethod()).isEqualTo(ClaimMethod.HISTORY);
            assertThat(profiles.get(historical).getUnitId()).isEqualTo("440106006");
            assertThat(profiles.get(ignored).getClaimMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
            assertThat(decode(DeadLetter.class, KAFKA.readCommitted(topics.deadLetters())))
                    .singleElement().satisfies(d -> {
                        assertThat(d.getReason()).isEqualTo("UNKNOWN_UNIT");
                        assertThat(d.getSourceTopic()).isEqualTo(topics.claimResponses());
                        assertThat(responses.decode(AvroCodec.toArray(d.getRawValue())).getResponseId())
                                .isEqualTo("A2");
                    });
        } finally {
            cancel(job);
        }
    }

    private void respond(ClaimResponse r) {
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            KAFKA.send(p, topics.claimResponses(), r.getCreditCode(), responses.encode(r),
                    r.getEventTime().toEpochMilli());
        }
    }

    /** The latest transition of each enterprise's case, once {@code done} holds for the committed records. */
    private Map<String, ClaimRequest> awaitCases(Predicate<Map<String, ClaimRequest>> done) throws Exception {
        Map<String, ClaimRequest> latest = new HashMap<>();
        KAFKA.awaitCommitted(topics.claims(), Duration.ofSeconds(60), records -> {
            latest.clear();
            decode(ClaimRequest.class, records).forEach(c -> latest.put(c.getCreditCode(), c));
            return done.test(latest);
        });
        return latest;
    }
}
