package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.Reason;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SeriousBasis;
import org.creditgrid.schema.SeriousListing;
import org.junit.jupiter.api.Test;

/**
 * Indicators that depend on other enterprises, on a real broker: ten enterprises registered at one address (written
 * in different ways) all score the shared-address indicator (the groups fed forward from the registrations), and an
 * enterprise whose legal representative also runs a serious-list enterprise scores the relationships indicator
 * (through the job's own feedback topic, which carries nothing else).
 */
class NetworkIT extends PipelineIT {

    @Test
    void sharedAddressesAndLegalRepresentativesReachEveryMember() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        CreditGridConfig config = config(Duration.ofMillis(300));
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        String[] writings = {"广州市天河区华夏路8号", "广东省广州市天河区华夏路8号", "天河区 华夏路 ８ 号", "广州市天河区华夏路8號"};
        String listed = code(20);
        String relative = code(21);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 1; i <= 10; i++) {
                EnterpriseRegistration r = Fixtures.registration(code(i), T0, Fixtures.TIANHE);
                r.setAddress(writings[i % writings.length]);
                r.setLegalRepresentative("LR-" + i);
                KAFKA.send(p, topics.registrations(), code(i), reg.encode(r), T0.toEpochMilli());
            }
            for (String c : List.of(listed, relative)) {
                EnterpriseRegistration r = Fixtures.registration(c, T0, Fixtures.TIANHE);
                r.setAddress("广州市越秀区中山五路" + c.substring(14) + "号");
                r.setLegalRepresentative("LR-SHARED");
                KAFKA.send(p, topics.registrations(), c, reg.encode(r), T0.toEpochMilli());
            }
            EnforcementEvent serious = Fixtures.event(listed, "S1", at(1), EventKind.SERIOUS_LIST_ADDED,
                    new SeriousListing(SeriousBasis.HEAVIER_PENALTY));
            KAFKA.send(p, topics.events(), listed, AvroCodec.of(EnforcementEvent.class).encode(serious),
                    at(1).toEpochMilli());
        }

        JobClient job = start(config, "network-it");
        try {
            KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(90), records -> {
                Map<String, EnterpriseProfile> latest = latest(decode(EnterpriseProfile.class, records));
                return latest.size() == 12
                        && indicators(latest.get(relative)).contains("relationships.related_high_risk")
                        && latest.values().stream().filter(p -> indicators(p).contains("dynamic.shared_address"))
                                .count() == 10;
            });
            Thread.sleep(1500); // a few more checkpoints: anything extra would now be committed too
            Map<String, EnterpriseProfile> latest = latest(decode(EnterpriseProfile.class,
                    KAFKA.readCommitted(topics.profiles())));
            for (int i = 1; i <= 10; i++) {
                assertThat(latest.get(code(i)).getReasons())
                        .extracting(Reason::getIndicator, Reason::getPoints, Reason::getDetail)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("dynamic.shared_address", 6,
                                "registered address shared by 10 enterprises"));
                assertThat(latest.get(code(i)).getRiskClass()).isEqualTo(RiskClass.B);
            }
            assertThat(latest.get(listed).getRiskClass()).isEqualTo(RiskClass.D);
            assertThat(indicators(latest.get(listed))).doesNotContain("relationships.related_high_risk");
            assertThat(latest.get(relative).getReasons())
                    .extracting(Reason::getIndicator, Reason::getPoints)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("relationships.related_high_risk", 6));
            assertThat(decode(org.creditgrid.internal.Membership.class, KAFKA.readCommitted(topics.network())))
                    .as("address groups run forward: only legal representatives go round the feedback topic")
                    .isNotEmpty().allSatisfy(m -> assertThat(m.getGroup()).startsWith("R|"));
        } finally {
            cancel(job);
        }
    }

    private static Map<String, EnterpriseProfile> latest(List<EnterpriseProfile> profiles) {
        Map<String, EnterpriseProfile> latest = new HashMap<>();
        for (EnterpriseProfile p : profiles) {
            latest.merge(p.getCreditCode(), p, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
        }
        return latest;
    }

    private static List<String> indicators(EnterpriseProfile p) {
        return p == null ? List.of() : p.getReasons().stream().map(Reason::getIndicator).toList();
    }
}
