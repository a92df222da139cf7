package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.DrawPublication;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/**
 * Two plans of the same departments' checks six months apart, on a real broker: the second draws only the prudent
 * pool (exempt from the smart exclusion), both draws are published with their counts, and so are the results of
 * drawn inspections, once each.
 */
class SmartExclusionIT extends PipelineIT {

    static final int GENERAL = 40;
    static final int PRUDENT = 10;

    private static SamplingPlan plan(String id, Instant issued) {
        return SamplingPlan.newBuilder().setPlanId(id).setEventTime(issued).setPeriodStart(issued)
                .setPeriodEnd(issued.plusSeconds(30 * 86_400L))
                .setItems(List.of(new PlanItem("SAMR", "PRODUCT_QUALITY", null)))
                .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(5)
                .setTaskDeadline(issued.plusSeconds(30 * 86_400L)).build();
    }

    private static org.creditgrid.schema.EnforcementEvent result(String code, String id, Instant at, String taskId) {
        return Fixtures.event(code, id, at, org.creditgrid.schema.EventKind.INSPECTION_RESULT,
                new org.creditgrid.schema.InspectionOutcome("PRODUCT_QUALITY", org.creditgrid.schema.InspectionResult.OK,
                        taskId));
    }

    @Test
    void theSecondPlanWithinAYearDrawsOnlyThePrudentPool() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        AvroCodec<EnterpriseRegistration> reg = AvroCodec.of(EnterpriseRegistration.class);
        AvroCodec<SamplingPlan> plans = AvroCodec.of(SamplingPlan.class);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < GENERAL + PRUDENT; i++) {
                EnterpriseRegistration r = i < GENERAL ? Fixtures.registration(code(i), T0, Fixtures.TIANHE)
                        : Fixtures.restaurant(code(i), T0); // catering: the prudent pool
                KAFKA.send(p, topics.registrations(), code(i), reg.encode(r), T0.toEpochMilli());
            }
        }
        JobClient job = start(config(Duration.ofMillis(300)).withSourceIdleness(Duration.ofSeconds(1)),
                "smart-exclusion-it");
        try {
            KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(60), r -> r.size() >= GENERAL + PRUDENT);
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                for (SamplingPlan plan : List.of(plan("JUNE", at(100)), plan("DECEMBER", at(280)))) {
                    KAFKA.send(p, topics.plans(), plan.getPlanId(), plans.encode(plan), Instant.now().toEpochMilli());
                }
            }
            KAFKA.awaitCommitted(topics.publications(), Duration.ofSeconds(60), r -> r.size() >= 2);
            Map<String, List<InspectionTask>> tasks = decode(InspectionTask.class,
                    KAFKA.readCommitted(topics.tasks())).stream()
                    .collect(Collectors.groupingBy(InspectionTask::getPlanId));
            assertThat(tasks.get("JUNE")).hasSize(GENERAL + PRUDENT);
            assertThat(tasks.get("DECEMBER")).hasSize(PRUDENT)
                    .allSatisfy(t -> assertThat(t.getPool()).isEqualTo(org.creditgrid.schema.Pool.PRUDENT));
            Map<String, DrawPublication> published = decode(InspectionPublication.class,
                    KAFKA.readCommitted(topics.publications())).stream()
                    .map(InspectionPublication::getDraw)
                    .collect(Collectors.toMap(DrawPublication::getPlanId, d -> d));
            assertThat(published.get("DECEMBER").getExcluded()).isEqualTo(GENERAL);
            assertThat(published.get("DECEMBER").getDrawn().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(PRUDENT);
            assertThat(published.get("JUNE").getExcluded()).isZero();

            // Two drawn inspections report their results (one sent twice): each is published once, after the draws.
            AvroCodec<org.creditgrid.schema.EnforcementEvent> events =
                    AvroCodec.of(org.creditgrid.schema.EnforcementEvent.class);
            String general = tasks.get("JUNE").get(0).getCreditCode();
            String prudent = tasks.get("DECEMBER").get(0).getCreditCode();
            // In event-time order: sent together on two partitions, the December result could move the watermark past
            // the June deadline before the June result is read, and the June task would rightly be overdue.
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                for (var r : List.of(result(general, "RESULT-1", at(110), "JUNE:" + general),
                        result(general, "RESULT-1", at(110), "JUNE:" + general))) {
                    KAFKA.send(p, topics.events(), r.getCreditCode(), events.encode(r), r.getEventTime().toEpochMilli());
                }
            }
            KAFKA.awaitCommitted(topics.publications(), Duration.ofSeconds(60), r -> r.size() >= 3);
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                var r = result(prudent, "RESULT-2", at(290), "DECEMBER:" + prudent);
                KAFKA.send(p, topics.events(), r.getCreditCode(), events.encode(r), r.getEventTime().toEpochMilli());
            }
            List<ResultPublication> results = decode(InspectionPublication.class, KAFKA.awaitCommitted(
                    topics.publications(), Duration.ofSeconds(60), r -> r.size() >= 4)).stream()
                    .map(InspectionPublication::getInspection).filter(java.util.Objects::nonNull).toList();
            assertThat(results).extracting(ResultPublication::getTaskId)
                    .containsExactlyInAnyOrder("JUNE:" + general, "DECEMBER:" + prudent);
            assertThat(results).allSatisfy(r -> {
                assertThat(r.getOutcome()).isEqualTo(org.creditgrid.schema.InspectionResult.OK);
                assertThat(r.getPlanIds()).containsExactly(r.getTaskId().substring(0, r.getTaskId().indexOf(':')));
                assertThat(r.getLate()).isFalse();
            });

            // Event time passes every task's deadline with no result: each other task raises one overdue trigger.
            try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
                KAFKA.send(p, topics.events(), code(0), events
                        .encode(Fixtures.complaint(code(0), "LATE", at(400))), at(400).toEpochMilli());
            }
            int tasksDrawn = GENERAL + PRUDENT + PRUDENT - 2;
            List<org.creditgrid.schema.InspectionTrigger> overdue = decode(
                    org.creditgrid.schema.InspectionTrigger.class, KAFKA.awaitCommitted(topics.triggers(),
                            Duration.ofSeconds(60), r -> r.size() >= tasksDrawn + 1)).stream()
                    .filter(t -> t.getReason() == org.creditgrid.schema.TriggerReason.TASK_OVERDUE).toList();
            assertThat(overdue).hasSize(tasksDrawn);
            assertThat(overdue.stream().map(t -> t.getSourceEventId()).distinct()).hasSize(tasksDrawn);
        } finally {
            cancel(job);
        }
    }
}
