package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.code;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.creditgrid.CreditGridJob;
import org.creditgrid.Fixtures;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.io.HostileRecords;
import org.creditgrid.io.Rejection;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.junit.jupiter.api.Test;

/**
 * Hostile records on the real broker: registrations whose string length or array count claims 2,000,000,000 bytes or
 * items (Avro would allocate that before reading: {@code OutOfMemoryError}) and records with trailing bytes,
 * interleaved with valid ones. Each hostile record ends in the dead-letter topic with its bytes, every valid one is
 * processed, and the job — with a restart strategy that would restart it — never restarts.
 */
class HostileRecordsIT extends PipelineIT {

    static final int VALID = 600;

    @Test
    void hostileRecordsAreDeadLetteredAndTheJobNeverRestarts() throws Exception {
        Topics topics = Topics.defaults();
        KAFKA.createTopics(topics, 2);
        AvroCodec<EnterpriseRegistration> codec = AvroCodec.of(EnterpriseRegistration.class);
        List<byte[]> hostile = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> p = KAFKA.producer()) {
            for (int i = 0; i < VALID; i++) {
                EnterpriseRegistration r = Fixtures.registration(code(i), T0, Fixtures.TIANHE);
                KAFKA.send(p, topics.registrations(), code(i), codec.encode(r), T0.toEpochMilli());
                if (i % 20 == 0) { // behind each hostile record on its partition come valid ones
                    byte[] bad = switch ((i / 20) % 3) {
                        case 0 -> HostileRecords.hugeString(r);
                        case 1 -> HostileRecords.hugeArray(r);
                        default -> HostileRecords.trailing(r, 1 + i % 7);
                    };
                    hostile.add(bad);
                    KAFKA.send(p, topics.registrations(), code(i), bad, T0.toEpochMilli());
                }
            }
        }
        CreditGridConfig config = config(Duration.ofMillis(300));
        Configuration flink = config.flinkConfiguration();
        restartOnFailure(flink, 1000, "100 ms");
        StreamExecutionEnvironment env = environment(flink);
        CreditGridJob.define(env, config);
        JobClient job = env.executeAsync("hostile-records-it");
        try {
            List<EnterpriseProfile> profiles = decode(EnterpriseProfile.class, KAFKA.awaitCommitted(
                    topics.profiles(), Duration.ofSeconds(120), r -> r.size() >= VALID));
            List<DeadLetter> dead = decode(DeadLetter.class, KAFKA.awaitCommitted(topics.deadLetters(),
                    Duration.ofSeconds(60), r -> r.size() >= hostile.size()));

            assertThat(profiles.stream().map(EnterpriseProfile::getCreditCode).collect(Collectors.toSet()))
                    .hasSize(VALID);
            assertThat(dead).hasSize(hostile.size());
            assertThat(dead).allSatisfy(d -> {
                assertThat(d.getReason()).isEqualTo(Rejection.UNDECODABLE);
                assertThat(d.getSourceTopic()).isEqualTo(topics.registrations());
            });
            assertThat(dead).extracting(DeadLetter::getDetail).anySatisfy(d -> assertThat(d)
                    .contains("string length 2000000000")).anySatisfy(d -> assertThat(d)
                    .contains("array block of 2000000000 items")).anySatisfy(d -> assertThat(d)
                    .contains("trailing bytes"));
            Set<ByteBuffer> raw = dead.stream().map(DeadLetter::getRawValue).collect(Collectors.toSet());
            assertThat(raw).containsExactlyInAnyOrderElementsOf(hostile.stream().map(ByteBuffer::wrap).toList());

            assertThat(job.getJobStatus().get()).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
            assertThat(restarts(job)).as("numRestarts of the job").isZero();
        } finally {
            cancel(job);
        }
    }
}
