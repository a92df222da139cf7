package org.creditgrid.local.reliability;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.creditgrid.CreditGridJob;
import org.creditgrid.local.EmbeddedKafka;
import org.creditgrid.local.cluster.LocalCluster;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.pipeline.Topics;

/**
 * The chaos reference's deployment, and the fuzzer's by default: a Kafka broker and a Flink MiniCluster (parallelism
 * 2, REST API on a free port of 127.0.0.1) inside this JVM, apart from the local cluster's processes, so the reference
 * runs at the same time as the faulty run and no fault reaches it. Closing it cancels a job still running and stops
 * the broker.
 */
final class EmbeddedDeployment implements Deployment, AutoCloseable {

    private final EmbeddedKafka kafka;
    private final Path savepoints;
    private final int restPort;
    private final Map<String, String> flinkSettings;
    /** Set by the thread that runs the reference, read by the one that closes it. */
    private volatile JobClient job;

    private EmbeddedDeployment(EmbeddedKafka kafka, Path savepoints, int restPort, Map<String, String> flinkSettings) {
        this.kafka = kafka;
        this.savepoints = savepoints;
        this.restPort = restPort;
        this.flinkSettings = Map.copyOf(flinkSettings);
    }

    /** Starts the broker and creates {@code topics} (2 partitions each, as on the local cluster). */
    static EmbeddedDeployment start(Topics topics, Path work) throws Exception {
        return start(topics, work, Map.of());
    }

    /** As {@link #start(Topics, Path)}, the job run with {@code flinkSettings} over its own (a restart strategy). */
    static EmbeddedDeployment start(Topics topics, Path work, Map<String, String> flinkSettings) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try (Admin admin = kafka.admin()) {
            EmbeddedKafka.createTopics(admin, topics, 2);
            return new EmbeddedDeployment(kafka, work.resolve("savepoints"),
                    LocalCluster.freePort(), flinkSettings);
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    @Override
    public Properties client() {
        return kafka.client();
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public int restPort() {
        return restPort;
    }

    @Override
    public String submit(List<String> jobArgs) throws Exception {
        CreditGridConfig config = CreditGridConfig.fromArgs(jobArgs.toArray(String[]::new));
        Configuration flink = config.flinkConfiguration();
        flink.setString("rest.bind-address", "127.0.0.1");
        flink.setString("rest.address", "127.0.0.1");
        flink.setString("rest.bind-port", String.valueOf(restPort));
        flink.setString("taskmanager.memory.managed.size", "256m");
        flinkSettings.forEach(flink::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        env.setParallelism(config.parallelism() > 0 ? config.parallelism() : 2); // the local cluster's default
        CreditGridJob.define(env, config);
        job = env.executeAsync(config.jobName());
        return job.getJobID().toString();
    }

    @Override
    public String stop() throws Exception {
        return job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                .get(2, TimeUnit.MINUTES);
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null && !job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(1, TimeUnit.MINUTES);
            }
        } catch (Exception ignored) {
            // the MiniCluster ends with this JVM
        } finally {
            kafka.close();
        }
    }
}
