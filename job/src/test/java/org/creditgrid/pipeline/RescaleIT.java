package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.code;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.CreditGridJob;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.UnitStatistics;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescaling by savepoint, 2 → 4 → 1: the job runs at parallelism 2 on 1,000 registrations and is stopped with a
 * savepoint; resumed at 4, it takes 500 more registrations and an abnormal-list entry for each of the first 500
 * enterprises, and is stopped again; resumed at 1, it takes 500 more. A read_committed consumer then sees every
 * enterprise's profile versions exactly once each, 1, 2, … with no gap, and the unit statistics count all 2,000 (their
 * keyed state and the gauges' union state were redistributed twice). The key groups stay those of the first
 * deployment (its max parallelism, 128 by default at these parallelisms).
 */
class RescaleIT {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    Path dir;

    @Test
    void twoToFourToOneLosesNothingAndDuplicatesNothing() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        register(topics, 0, 1_000);
        JobClient two = start(2, null);
        await(topics, 1_000, 0);
        String first = stop(two);

        register(topics, 1_000, 1_500);
        AvroCodec<EnforcementEvent> events = AvroCodec.of(EnforcementEvent.class);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < 500; i++) {
                KAFKA.send(p, topics.events(), code(i), events.encode(Fixtures.abnormal(code(i), "A" + i,
                        Fixtures.at(1))), Fixtures.at(1).toEpochMilli());
            }
        }
        JobClient four = start(4, first);
        await(topics, 1_500, 500);
        String second = stop(four);

        register(topics, 1_500, 2_000);
        JobClient one = start(1, second);
        try {
            await(topics, 2_000, 500);
            Thread.sleep(1_500); // more checkpoints: a duplicate, if any, would be committed now

            Map<String, Long> records = new HashMap<>();
            Map<String, Long> highest = new HashMap<>();
            Map<String, java.util.Set<Long>> versions = new HashMap<>();
            for (EnterpriseProfile p : PipelineIT.decode(EnterpriseProfile.class,
                    KAFKA.readCommitted(topics.profiles()))) {
                records.merge(p.getCreditCode(), 1L, Long::sum);
                highest.merge(p.getCreditCode(), p.getVersion(), Math::max);
                versions.computeIfAbsent(p.getCreditCode(), k -> new java.util.HashSet<>()).add(p.getVersion());
            }
            assertThat(records).as("every enterprise has its profile").hasSize(2_000);
            records.forEach((code, n) -> {
                assertThat(n).as("%s: records = versions (no duplicate)", code).isEqualTo(highest.get(code));
                assertThat(versions.get(code)).as("%s: versions 1..n (no gap)", code).hasSize(n.intValue());
            });
            for (int i = 0; i < 2_000; i++) {
                assertThat(highest.get(code(i))).as(code(i)).isEqualTo(i < 500 ? 2L : 1L);
            }
            Map<String, UnitStatistics> stats = CreditGridPipelineIT.latest(PipelineIT.decode(UnitStatistics.class,
                    KAFKA.awaitCommitted(topics.unitStats(), Duration.ofSeconds(60), r -> {
                        UnitStatistics city = CreditGridPipelineIT.latest(
                                PipelineIT.decode(UnitStatistics.class, r)).get("city");
                        return city != null && city.getEnterprises() == 2_000;
                    })));
            assertThat(stats.get("city").getEnterprises()).isEqualTo(2_000);
        } finally {
            PipelineIT.cancel(one);
        }
    }

    private static void register(Topics topics, int from, int to) {
        AvroCodec<EnterpriseRegistration> codec = AvroCodec.of(EnterpriseRegistration.class);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = from; i < to; i++) {
                KAFKA.send(p, topics.registrations(), code(i),
                        codec.encode(Fixtures.registration(code(i), T0, Fixtures.TIANHE)), T0.toEpochMilli());
            }
        }
    }

    /** The production job at {@code parallelism}, from {@code savepoint} if given. */
    private JobClient start(int parallelism, String savepoint) throws Exception {
        CreditGridConfig config = CreditGridConfig.defaults().withBootstrapServers(KAFKA.bootstrapServers())
                .withCheckpointing(Duration.ofMillis(500), dir.resolve("checkpoints").toUri().toString())
                .withParallelism(parallelism);
        Configuration flink = config.flinkConfiguration();
        if (savepoint != null) {
            flink.setString("execution.state-recovery.path", savepoint);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        CreditGridJob.define(env, config);
        return env.executeAsync("rescale-it-" + parallelism);
    }

    private String stop(JobClient job) throws Exception {
        return job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
    }

    /** Until {@code enterprises} have a committed profile and the first {@code raised} their second version. */
    private static void await(Topics topics, int enterprises, int raised) throws InterruptedException {
        KAFKA.awaitCommitted(topics.profiles(), Duration.ofSeconds(120), r -> {
            Map<String, Long> highest = new HashMap<>();
            for (EnterpriseProfile p : PipelineIT.decode(EnterpriseProfile.class, r)) {
                highest.merge(p.getCreditCode(), p.getVersion(), Math::max);
            }
            return highest.size() >= enterprises
                    && highest.values().stream().filter(v -> v >= 2).count() >= raised;
        });
    }
}
