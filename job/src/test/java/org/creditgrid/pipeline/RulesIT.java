package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.code;

import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.io.Rejection;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.RulesAudit;
import org.creditgrid.schema.RulesImpact;
import org.creditgrid.schema.RulesState;
import org.junit.jupiter.api.Test;

/**
 * Live rule versions on real Kafka at parallelism 2: a CANDIDATE yields one rules-impact report (summed over both
 * parallel instances) and changes no profile; a rejected file is dead-lettered; activating re-scores everyone and
 * republishes those whose class, score or reasons changed.
 */
class RulesIT extends PipelineIT {

    @Test
    void aCandidateIsReportedAndChangesNothingAndActivationRescoresEveryone() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        AvroCodec<RiskRulesVersion> rules = AvroCodec.of(RiskRulesVersion.class);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < 40; i++) { // even: restaurants, 4 points, B today; odd: shops, 0 points, A
                EnterpriseRegistration r = i % 2 == 0 ? Fixtures.restaurant(code(i), T0)
                        : Fixtures.registration(code(i), T0, Fixtures.TIANHE);
                KAFKA.send(p, topics.registrations(), code(i), reg.encode(r), T0.toEpochMilli());
            }
        }
        CreditGridConfig config = config(Duration.ofMillis(500));
        JobClient job = start(config, "rules-it");
        try {
            KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(60), r -> r.size() >= 40);

            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                KAFKA.send(p, topics.riskRules(), "v2", rules.encode(Fixtures.rulesVersion("v2", 5, RulesState.CANDIDATE)),
                        System.currentTimeMillis());
            }
            List<RulesImpact> impact = decode(RulesImpact.class,
                    KAFKA.awaitCommitted(topics.rulesImpact(), Duration.ofSeconds(60), r -> !r.isEmpty()));
            Thread.sleep(1500); // more checkpoints: a profile changed by the shadow would be committed by now
            assertThat(impact).singleElement().satisfies(i -> {
                assertThat(i.getVersion()).isEqualTo("v2");
                assertThat(i.getEnterprises()).isEqualTo(40);
                assertThat(i.getMoved()).isEqualTo(20);
                assertThat(i.getTransitions()).containsExactly(java.util.Map.entry("B->A", 20L));
                assertThat(i.getMovedByPool()).containsExactly(java.util.Map.entry("PRUDENT", 20L));
                assertThat(i.getExamples()).isNotEmpty();
            });
            assertThat(KAFKA.readCommitted(topics.profiles())).hasSize(40);

            RiskRulesVersion misnamed = Fixtures.rulesVersion("v3", 5, RulesState.ACTIVE);
            misnamed.setVersion("v4");
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                KAFKA.send(p, topics.riskRules(), "v4", rules.encode(misnamed), System.currentTimeMillis());
                KAFKA.send(p, topics.riskRules(), "v2", rules.encode(Fixtures.rulesVersion("v2", 5, RulesState.ACTIVE)),
                        System.currentTimeMillis());
            }
            List<EnterpriseProfile> profiles = decode(EnterpriseProfile.class,
                    KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(60), r -> r.size() >= 60));
            Thread.sleep(1500); // more checkpoints: any further profile would be committed by now
            profiles = decode(EnterpriseProfile.class, KAFKA.readCommitted(topics.profiles()));
            // Everyone is re-scored; only the 20 restaurants change class, so only they are republished.
            List<EnterpriseProfile> rescored = profiles.stream().filter(x -> x.getVersion() == 2).toList();
            assertThat(profiles).hasSize(60);
            assertThat(rescored).hasSize(20).allSatisfy(x -> {
                assertThat(x.getRulesVersion()).isEqualTo("v2");
                assertThat(x.getRiskClass()).isEqualTo(RiskClass.A);
                assertThat(x.getIndustryCode()).isEqualTo("H6210");
            });

            assertThat(decode(RulesAudit.class, KAFKA.readCommitted(topics.rulesAudit())))
                    .extracting(RulesAudit::getVersion, RulesAudit::getState)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("v2", RulesState.CANDIDATE),
                            org.assertj.core.groups.Tuple.tuple("v2", RulesState.ACTIVE));
            assertThat(decode(DeadLetter.class, KAFKA.readCommitted(topics.deadLetters())))
                    .singleElement().satisfies(d -> {
                        assertThat(d.getReason()).isEqualTo(Rejection.INVALID_RULES);
                        assertThat(d.getDetail()).contains("the file says v3");
                    });
        } finally {
            cancel(job);
        }
    }
}
