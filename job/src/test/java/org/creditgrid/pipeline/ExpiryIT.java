package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.code;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.RiskClass;
import org.junit.jupiter.api.Test;

/**
 * Time moves scores: two penalties make an enterprise B; three years later, with nothing more on the
 * enforcement-events topic (idle from then on) and only other enterprises' registrations moving event time, the
 * penalties' publicity ends and its class falls back to A.
 */
class ExpiryIT extends PipelineIT {

    /** Three years and more must lie in the past: the job rejects future-dated events. */
    static final Instant T0 = Instant.parse("2021-01-04T00:00:00Z");

    static Instant at(long days) {
        return T0.plusMillis(days * Fixtures.DAY);
    }

    @Test
    void aPenaltyExpiringThreeYearsLaterLowersTheClassWithNoFurtherInputOnThatTopic() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        String penalised = code(1);
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        AvroCodec<EnforcementEvent> ev = AvroCodec.of(EnforcementEvent.class);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            KAFKA.send(p, topics.registrations(), penalised,
                    reg.encode(Fixtures.registration(penalised, T0, Fixtures.TIANHE)), T0.toEpochMilli());
            KAFKA.send(p, topics.events(), penalised,
                    ev.encode(Fixtures.fine(penalised, "P1", at(1), 50_000, PenaltyField.FOOD, true)), at(1).toEpochMilli());
            KAFKA.send(p, topics.events(), penalised,
                    ev.encode(Fixtures.fine(penalised, "P2", at(1), 50_000, PenaltyField.FOOD, false)), at(1).toEpochMilli());
            // Other enterprises keep registering for three years and a bit: the only thing that moves event time.
            for (int month = 1; month <= 38; month++) {
                String other = code(1000 + month);
                KAFKA.send(p, topics.registrations(), other,
                        reg.encode(Fixtures.registration(other, at(month * 30L), Fixtures.TIANHE)),
                        at(month * 30L).toEpochMilli());
            }
        }
        CreditGridConfig config = config(Duration.ofMillis(500)).withSourceIdleness(Duration.ofSeconds(1));
        JobClient job = start(config, "expiry-it");
        try {
            // Registration and penalties come from two sources, so they may meet in either order: the profile
            // reaches B (15 + 12 points) in version 1, 2 or 3, then one more version when the penalties expire.
            List<EnterpriseProfile> mine = decode(EnterpriseProfile.class,
                    KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(90), r ->
                            decode(EnterpriseProfile.class, r).stream()
                                    .anyMatch(x -> x.getCreditCode().equals(penalised)
                                            && x.getEventTime().equals(at(1 + 1095)))))
                    .stream().filter(x -> x.getCreditCode().equals(penalised)).toList();

            assertThat(mine).isNotEmpty();
            EnterpriseProfile expired = mine.get(mine.size() - 1);
            EnterpriseProfile before = mine.get(mine.size() - 2);
            assertThat(before.getRiskClass()).isEqualTo(RiskClass.B);
            assertThat(before.getScore()).isEqualTo(27);
            assertThat(before.getEventTime()).isEqualTo(at(1));
            assertThat(expired.getVersion()).isEqualTo(before.getVersion() + 1);
            assertThat(expired.getRiskClass()).isEqualTo(RiskClass.A);
            assertThat(expired.getPreviousClass()).isEqualTo(RiskClass.B);
            assertThat(expired.getScore()).isZero();
            assertThat(expired.getEventTime()).isEqualTo(at(1 + 1095));
        } finally {
            cancel(job);
        }
    }
}
