package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.io.Rejection;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.StatisticsLevel;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.UnitStatistics;
import org.junit.jupiter.api.Test;

/**
 * The production job on a real Kafka broker and a Flink MiniCluster at parallelism 2: a known input gives exactly
 * the expected outputs, and bad records land in the dead-letter topic with their reasons.
 */
class CreditGridPipelineIT extends PipelineIT {

    @Test
    void aKnownInputGivesExactlyTheExpectedOutputs() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        CreditGridConfig config = config(Duration.ofMillis(500));

        String restaurant = code(1);
        String noCoordinates = code(2);
        String inShenzhen = code(3);
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        AvroCodec<EnforcementEvent> ev = AvroCodec.of(EnforcementEvent.class);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            KAFKA.send(p, topics.registrations(), restaurant, reg.encode(Fixtures.restaurant(restaurant, T0)), T0.toEpochMilli());
            KAFKA.send(p, topics.registrations(), noCoordinates,
                    reg.encode(Fixtures.registration(noCoordinates, T0, null)), T0.toEpochMilli());
            KAFKA.send(p, topics.registrations(), inShenzhen,
                    reg.encode(Fixtures.registration(inShenzhen, T0, Fixtures.SHENZHEN)), T0.toEpochMilli());
            KAFKA.send(p, topics.registrations(), "x", new byte[] {1, 2, 3}, T0.toEpochMilli());
        }

        JobClient job = start(config, "pipeline-it");
        try {
            // The events once the registrations are in: sources have no order between topics, and an event read
            // before its registration waits for it and is applied with it (one profile, not two).
            KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(60), r -> r.size() >= 3);
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                EnforcementEvent listed = Fixtures.abnormal(restaurant, "E1", at(1));
                KAFKA.send(p, topics.events(), restaurant, ev.encode(listed), at(1).toEpochMilli());
                KAFKA.send(p, topics.events(), restaurant, ev.encode(listed), at(1).toEpochMilli()); // delivered twice
                KAFKA.send(p, topics.events(), noCoordinates,
                        ev.encode(Fixtures.complaint(noCoordinates, "E2", at(2))), at(2).toEpochMilli());
                EnforcementEvent badCode = Fixtures.complaint(code(4), "E3", at(2));
                badCode.setCreditCode(code(4).substring(0, 17) + (code(4).endsWith("A") ? "B" : "A"));
                KAFKA.send(p, topics.events(), "y", ev.encode(badCode), at(2).toEpochMilli());
            }
            List<EnterpriseProfile> profiles = decode(EnterpriseProfile.class,
                    KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(60), r -> r.size() >= 4));
            // The plan goes out once the profiles are in: the broadcast side has no order with the keyed side.
            SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("IT-PLAN").setEventTime(at(10))
                    .setPeriodStart(at(10)).setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR", "PRICE", null)))
                    .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(3).setTaskDeadline(at(40)).build();
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                KAFKA.send(p, topics.plans(), "IT-PLAN", AvroCodec.of(SamplingPlan.class).encode(plan), at(10).toEpochMilli());
            }
            List<InspectionTask> tasks = decode(InspectionTask.class,
                    KAFKA.awaitCommitted(topics.tasks(), Duration.ofSeconds(60), r -> r.size() >= 3));
            Thread.sleep(1500); // a few more checkpoints: anything extra would now be committed too

            profiles = decode(EnterpriseProfile.class, KAFKA.readCommitted(topics.profiles()));
            assertThat(profiles).extracting(EnterpriseProfile::getCreditCode, EnterpriseProfile::getVersion,
                            EnterpriseProfile::getRiskClass, EnterpriseProfile::getPool, EnterpriseProfile::getUnitId)
                    .containsExactlyInAnyOrder(
                            tuple(restaurant, 1L, RiskClass.B, Pool.PRUDENT, "440106022"),
                            tuple(restaurant, 2L, RiskClass.C, Pool.PRUDENT, "440106022"),
                            tuple(noCoordinates, 1L, RiskClass.A, Pool.GENERAL, null),
                            tuple(inShenzhen, 1L, RiskClass.A, Pool.GENERAL, null));

            assertThat(decode(InspectionTrigger.class, KAFKA.readCommitted(topics.triggers())))
                    .extracting(InspectionTrigger::getCreditCode, InspectionTrigger::getReason)
                    .containsExactlyInAnyOrder(
                            tuple(restaurant, TriggerReason.ABNORMAL_LIST_ENTRY),
                            tuple(restaurant, TriggerReason.CLASS_RAISED_TO_C),
                            tuple(noCoordinates, TriggerReason.COMPLAINT));

            assertThat(decode(ClaimRequest.class, KAFKA.readCommitted(topics.claims())))
                    .extracting(ClaimRequest::getCreditCode, ClaimRequest::getReason)
                    .containsExactlyInAnyOrder(tuple(noCoordinates, ClaimReason.NO_EVIDENCE),
                            tuple(inShenzhen, ClaimReason.OUTSIDE_GRID));

            assertThat(decode(DeadLetter.class, KAFKA.readCommitted(topics.deadLetters())))
                    .extracting(DeadLetter::getSourceTopic, DeadLetter::getReason)
                    .containsExactlyInAnyOrder(tuple(topics.registrations(), Rejection.UNDECODABLE),
                            tuple(topics.events(), Rejection.INVALID_CREDIT_CODE));

            assertThat(decode(InspectionTask.class, KAFKA.readCommitted(topics.tasks())))
                    .extracting(InspectionTask::getCreditCode)
                    .containsExactlyInAnyOrder(restaurant, noCoordinates, inShenzhen);
            assertThat(tasks).allSatisfy(t -> assertThat(t.getPlanId()).isEqualTo("IT-PLAN"));

            // unit-stats, read as an independent read_committed consumer: its latest record per key agrees with the
            // profile topic rebuilt per unit, district and city.
            Map<String, UnitStatistics> stats = latest(decode(UnitStatistics.class, KAFKA.awaitCommitted(
                    topics.unitStats(), Duration.ofSeconds(60), r -> {
                        UnitStatistics city = latest(decode(UnitStatistics.class, r)).get("city");
                        return city != null && city.getTasks().getDrawn() == 3;
                    })));
            assertThat(stats.keySet()).containsExactlyInAnyOrder("440106022", "440106", "city");
            assertThat(stats.get("440106022")).satisfies(u -> {
                assertThat(u.getLevel()).isEqualTo(StatisticsLevel.UNIT);
                assertThat(u.getDistrictCode()).isEqualTo("440106");
                assertThat(u.getEnterprises()).isEqualTo(1);
                assertThat(u.getByClass().getC()).isEqualTo(1);
                assertThat(u.getByPool().getPrudent()).isEqualTo(1);
                assertThat(u.getCdShare()).isEqualTo(1.0);
                assertThat(u.getTasks().getDrawn()).isEqualTo(1);
                assertThat(u.getTasks().getYear()).isEqualTo(2025);
            });
            assertThat(stats.get("city")).satisfies(c -> {
                assertThat(c.getEnterprises()).isEqualTo(3);
                assertThat(c.getByClass().getA()).isEqualTo(2);
                assertThat(c.getByClass().getC()).isEqualTo(1);
                assertThat(c.getByPool().getGeneral()).isEqualTo(2);
                assertThat(c.getUnclaimed()).isEqualTo(2);
                assertThat(c.getOpenClaimCases()).isEqualTo(2);
            });
            // The two cases lie with the district of their credit codes (440106) until claimed.
            assertThat(stats.get("440106").getOpenClaimCases()).isEqualTo(2);
            assertThat(stats.get("440106").getEnterprises()).isEqualTo(1);
            Map<String, Long> rebuilt = new java.util.HashMap<>();
            for (EnterpriseProfile p : latestProfiles(profiles)) {
                rebuilt.merge("city", 1L, Long::sum);
                if (p.getUnitId() != null) {
                    rebuilt.merge(p.getUnitId(), 1L, Long::sum);
                    rebuilt.merge(p.getDistrictCode(), 1L, Long::sum);
                }
            }
            stats.forEach((id, u) -> assertThat(u.getEnterprises()).as(id).isEqualTo(rebuilt.get(id)));

            metricsAgree(PrometheusScrape.of("pipeline-it"), topics, latestProfiles(profiles),
                    decode(InspectionTrigger.class, KAFKA.readCommitted(topics.triggers())),
                    List.of(restaurant, noCoordinates, inShenzhen, code(4)));
        } finally {
            cancel(job);
        }
    }

    private static final String M = "flink_taskmanager_job_task_operator_creditgrid_";

    /**
     * The domain metrics on {@code /metrics}, as Prometheus scrapes them during the run, agree with what the topics
     * hold: inputs and dead letters by topic and reason, triggers by district and reason, the class change, claims,
     * drawn tasks, and the gauges of the district and city; no label value is a credit code.
     */
    private static void metricsAgree(PrometheusScrape scrape, Topics topics, java.util.Collection<EnterpriseProfile>
            profiles, List<InspectionTrigger> triggers, List<String> creditCodes) {
        assertThat(scrape.sum(M + "topic_records_in", "topic", topics.registrations())).isEqualTo(4);
        assertThat(scrape.sum(M + "topic_records_in", "topic", topics.events())).isEqualTo(4);
        assertThat(scrape.sum(M + "topic_reason_dead_letters", "topic", topics.registrations(),
                "reason", Rejection.UNDECODABLE)).isEqualTo(1);
        assertThat(scrape.sum(M + "topic_reason_dead_letters", "topic", topics.events(),
                "reason", Rejection.INVALID_CREDIT_CODE)).isEqualTo(1);
        assertThat(scrape.sum(M + "topic_reason_dead_letters")).isEqualTo(2);
        Map<List<String>, Long> byDistrictAndReason = new java.util.HashMap<>();
        triggers.forEach(t -> byDistrictAndReason.merge(List.of(t.getDistrictCode() == null ? "NONE"
                : t.getDistrictCode(), t.getReason().name()), 1L, Long::sum));
        byDistrictAndReason.forEach((k, n) -> assertThat(scrape.sum(M + "district_reason_triggers",
                "district", k.get(0), "reason", k.get(1))).as("triggers %s", k).isEqualTo(n.doubleValue()));
        assertThat(scrape.sum(M + "district_reason_triggers")).isEqualTo(triggers.size());
        assertThat(scrape.sum(M + "district_from_to_class_transitions", "district", "440106", "from", "B", "to", "C"))
                .isEqualTo(1);
        assertThat(scrape.sum(M + "district_from_to_class_transitions")).isEqualTo(1);
        assertThat(scrape.sum(M + "district_method_claims")).isEqualTo(profiles.size());
        assertThat(scrape.sum(M + "district_method_claims", "method", "UNCLAIMED")).isEqualTo(2);
        assertThat(scrape.sum(M + "district_tasks_drawn")).isEqualTo(3);
        assertThat(scrape.sum(M + "district_class_enterprises", "district", "440106", "class", "C"))
                .isEqualTo(1);
        assertThat(scrape.sum(M + "class_city_enterprises", "class", "A")).isEqualTo(2);
        assertThat(scrape.sum(M + "city_open_claim_cases")).isEqualTo(2);
        assertThat(scrape.sum(M + "district_open_claim_cases", "district", "440106")).isEqualTo(2);
        assertThat(scrape.sum(M + "city_unclaimed")).isEqualTo(2);
        // The inputs are of 2025: a subtask that has had a record is that far behind; one that has not, -1 (the keys
        // may all be in one subtask).
        assertThat(scrape.find(M + "event_time_lag_seconds")).hasSize(2)
                .allSatisfy(s -> assertThat(s.value()).isGreaterThanOrEqualTo(-1))
                .anySatisfy(s -> assertThat(s.value()).isGreaterThan(
                        (System.currentTimeMillis() - at(2).toEpochMilli()) / 1000.0 - 60));
        // The sinks' own metrics: each of the 11 sinks' committers and writers, in both subtasks, reports its gauge
        // (their "Name collision" warnings are second registrations; the first one stays: docs/monitoring.md).
        assertThat(scrape.find("flink_taskmanager_job_task_operator_pendingCommittables")).hasSize(22);
        assertThat(scrape.find("flink_taskmanager_job_task_operator_currentSendTime")).hasSize(22);
        // Labels: bounded codes only. None carries a credit code, of this test or of any shape.
        for (PrometheusScrape.Sample s : scrape.samples()) {
            if (s.name().startsWith(M)) {
                s.labels().forEach((k, v) -> assertThat(v).as("%s %s", s.name(), k)
                        .doesNotMatch("[0-9A-HJ-NPQRTUWXY]{18}"));
            }
        }
        creditCodes.forEach(c -> assertThat(scrape.text()).doesNotContain(c));
        // Names and addresses are Chinese; no label value is (they are codes and enum symbols).
        assertThat(scrape.text()).doesNotContainPattern("\\p{IsHan}");
    }

    /** The latest record of each key of a changelog, by version. */
    static Map<String, UnitStatistics> latest(List<UnitStatistics> records) {
        Map<String, UnitStatistics> m = new java.util.TreeMap<>();
        for (UnitStatistics u : records) {
            m.merge(u.getId(), u, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
        }
        return m;
    }

    static java.util.Collection<EnterpriseProfile> latestProfiles(List<EnterpriseProfile> profiles) {
        Map<String, EnterpriseProfile> m = new java.util.HashMap<>();
        for (EnterpriseProfile p : profiles) {
            m.merge(p.getCreditCode(), p, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
        }
        return m.values();
    }
}
