package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.code;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.Fixtures;
import org.creditgrid.internal.RawRecord;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once across a failure: 20,000 registrations and 2,000 complaints, a failure injected mid-stream after checkpoints have
 * committed output, a restart from the last checkpoint, and a read_committed consumer that sees every profile once.
 */
class ExactlyOnceIT extends PipelineIT {

    static final int ENTERPRISES = 20_000;

    /** Fails the job once, on the first record after {@code afterRecords} once a checkpoint has completed. */
    static final class FailOnceAfterCheckpoint implements MapFunction<RawRecord, RawRecord>, CheckpointListener {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger();
        /** Distinct checkpoint ids completed (every subtask is notified of each one). */
        static final java.util.Set<Long> COMPLETED = java.util.concurrent.ConcurrentHashMap.newKeySet();
        static final AtomicInteger SEEN = new AtomicInteger();
        private final int afterRecords;

        FailOnceAfterCheckpoint(int afterRecords) {
            this.afterRecords = afterRecords;
        }

        @Override
        public RawRecord map(RawRecord r) throws Exception {
            int seen = SEEN.incrementAndGet();
            if (seen % 500 == 0) {
                Thread.sleep(20); // slow enough that several checkpoints complete during the stream
            }
            if (seen >= afterRecords && COMPLETED.size() >= 2 && FAILED.compareAndSet(false, true)) {
                CHECKPOINTS_BEFORE_FAILURE.set(COMPLETED.size());
                throw new IllegalStateException("injected failure after " + seen + " records");
            }
            return r;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED.add(checkpointId);
        }
    }

    @Test
    void aFailureMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        AvroCodec<EnterpriseRegistration> codec = AvroCodec.of(EnterpriseRegistration.class);
        AvroCodec<org.creditgrid.schema.EnforcementEvent> events = AvroCodec.of(org.creditgrid.schema.EnforcementEvent.class);
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < ENTERPRISES; i++) {
                KAFKA.send(p, topics.registrations(), code(i),
                        codec.encode(Fixtures.registration(code(i), T0, Fixtures.TIANHE)), T0.toEpochMilli());
                if (i % 10 == 0) { // a complaint, so the trigger sink is held to exactly-once too
                    KAFKA.send(p, topics.events(), code(i), events.encode(
                            Fixtures.complaint(code(i), "C" + i, Fixtures.at(1))), Fixtures.at(1).toEpochMilli());
                }
            }
        }
        CreditGridConfig config = config(Duration.ofMillis(300));
        Configuration flink = config.flinkConfiguration();
        restartOnFailure(flink, 3, "500 ms");
        StreamExecutionEnvironment env = environment(flink);
        // The production inputs and outputs, with one failure injected into the registrations.
        KafkaIO kafka = new KafkaIO(config) {
            @Override
            public DataStream<RawRecord> registrations(StreamExecutionEnvironment e) {
                return super.registrations(e).map(new FailOnceAfterCheckpoint(ENTERPRISES / 2))
                        .returns(new AvroTypeInfo<>(RawRecord.class))
                        .uid("inject-failure").name("Inject one failure");
            }
        };
        CreditGridPipeline.define(env, config, kafka, kafka);
        JobClient job = env.executeAsync("exactly-once-it");
        try {
            long start = System.nanoTime();
            List<ConsumerRecord<byte[], byte[]>> committed = KAFKA.awaitCommitted(topics.profiles(),
                    Duration.ofSeconds(120), r -> r.size() >= ENTERPRISES);
            System.out.printf("ExactlyOnceIT: profiles committed %.1f s after the start%n",
                    (System.nanoTime() - start) / 1e9);
            // A complaint changes no profile: its trigger may be committed a checkpoint after the last profile.
            KAFKA.awaitCommitted(topics.triggers(), Duration.ofSeconds(150), r -> r.size() >= ENTERPRISES / 10);
            System.out.printf("ExactlyOnceIT: triggers committed %.1f s after the start%n",
                    (System.nanoTime() - start) / 1e9);
            Thread.sleep(2000); // further checkpoints: duplicates, if any, would be committed by now
            committed = KAFKA.readCommitted(topics.profiles());

            assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
            Thread.sleep(500); // the metric is refreshed every 200 ms
            assertThat(restarts(job)).as("the job's numRestarts metric saw the restart").isEqualTo(1);
            assertThat(FailOnceAfterCheckpoint.CHECKPOINTS_BEFORE_FAILURE.get()).isGreaterThanOrEqualTo(2);
            Map<String, Integer> perCode = new HashMap<>();
            for (EnterpriseProfile p : decode(EnterpriseProfile.class, committed)) {
                perCode.merge(p.getCreditCode(), 1, Integer::sum);
                assertThat(p.getVersion()).isEqualTo(1);
            }
            assertThat(committed).hasSize(ENTERPRISES);
            assertThat(perCode).hasSize(ENTERPRISES);
            assertThat(perCode.values()).containsOnly(1);

            List<org.creditgrid.schema.InspectionTrigger> triggers = decode(
                    org.creditgrid.schema.InspectionTrigger.class, KAFKA.readCommitted(topics.triggers()));
            assertThat(triggers).hasSize(ENTERPRISES / 10);
            assertThat(triggers.stream().map(t -> t.getTriggerId()).distinct().count()).isEqualTo(ENTERPRISES / 10);
        } finally {
            cancel(job);
        }
    }
}
