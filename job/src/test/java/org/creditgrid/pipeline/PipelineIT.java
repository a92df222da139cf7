package org.creditgrid.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.creditgrid.CreditGridJob;
import org.creditgrid.io.AvroCodec;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every pipeline integration test shares: a real KRaft Kafka broker and a Flink MiniCluster with two slots,
 * started once per test class, the job's configuration pointed at them, and Avro decoding of what a topic holds.
 */
abstract class PipelineIT {

    @RegisterExtension
    @Order(1)
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(Configuration.fromMap(java.util.Map.of("metrics.fetcher.update-interval", "200 ms",
                    "metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                    "metrics.reporter.prom.port", PrometheusScrape.PORTS)))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path checkpoints;

    /** The default configuration on the test broker: parallelism 2, checkpoints every {@code interval}. */
    CreditGridConfig config(Duration checkpointInterval) {
        return CreditGridConfig.defaults()
                .withBootstrapServers(KAFKA.bootstrapServers())
                .withCheckpointing(checkpointInterval, checkpoints.toUri().toString())
                .withParallelism(2);
    }

    /** Lets the job restart after a failure (fixed delay), as a production cluster would. */
    static void restartOnFailure(Configuration flink, int attempts, String delay) {
        flink.setString("restart-strategy.type", "fixed-delay");
        flink.setString("restart-strategy.fixed-delay.attempts", String.valueOf(attempts));
        flink.setString("restart-strategy.fixed-delay.delay", delay);
    }

    static StreamExecutionEnvironment environment(Configuration flink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);
        return env;
    }

    /** The production graph, on Kafka, running in the MiniCluster. */
    static JobClient start(CreditGridConfig config, String name) throws Exception {
        StreamExecutionEnvironment env = environment(config.flinkConfiguration());
        CreditGridJob.define(env, config);
        return env.executeAsync(name);
    }

    /**
     * Cancels the job and waits until it has ended: cancellation is acknowledged before the tasks stop, and a task
     * still writing a checkpoint would race the deletion of the checkpoint directory.
     */
    static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!job.getJobStatus().get().isGloballyTerminalState() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * How often the job has restarted, read from the job itself through the cluster's REST API: its
     * {@code numRestarts} metric (refreshed every 200 ms here).
     */
    static long restarts(JobClient job) throws Exception {
        Configuration c = FLINK.getClientConfiguration();
        String base = "http://" + c.get(org.apache.flink.configuration.RestOptions.ADDRESS) + ":"
                + c.get(org.apache.flink.configuration.RestOptions.PORT) + "/jobs/" + job.getJobID();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + "/metrics?get=numRestarts")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            com.fasterxml.jackson.databind.JsonNode metrics = json.readTree(body);
            if (metrics.isArray() && !metrics.isEmpty()) {
                return Long.parseLong(metrics.get(0).get("value").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no numRestarts metric for " + base + ": " + body);
            }
            Thread.sleep(200);
        }
    }

    static <T extends SpecificRecord> List<T> decode(Class<T> type, List<ConsumerRecord<byte[], byte[]>> records) {
        AvroCodec<T> codec = AvroCodec.of(type);
        return records.stream().map(r -> {
            try {
                return codec.decode(r.value());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
