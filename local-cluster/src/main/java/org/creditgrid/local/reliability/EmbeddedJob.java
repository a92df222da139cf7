package org.creditgrid.local.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.creditgrid.CreditGridJob;
import org.creditgrid.local.EmbeddedKafka;
import org.creditgrid.local.bench.JobRest;
import org.creditgrid.pipeline.CreditGridConfig;

/**
 * The production job at parallelism 2 on an embedded broker (topics created) and a MiniCluster whose REST API is on a
 * free port of 127.0.0.1: what the soak runs. Closing it stops the broker and deletes the checkpoints.
 */
final class EmbeddedJob implements AutoCloseable {

    final EmbeddedKafka kafka;
    final Admin admin;
    final CreditGridConfig config;
    final JobClient job;
    final JobRest rest;
    final int restPort;
    final Path work;

    private EmbeddedJob(EmbeddedKafka kafka, Admin admin, CreditGridConfig config, JobClient job, int restPort,
                        Path work) {
        this.kafka = kafka;
        this.admin = admin;
        this.config = config;
        this.job = job;
        this.rest = new JobRest(restPort, job.getJobID().toString());
        this.restPort = restPort;
        this.work = work;
    }

    /**
     * @param pooled        pooled transactional ids; their clients then give up a lost broker instead of
     *                      re-bootstrapping in a loop (the connector never closes the admin client the pool uses)
     * @param flinkSettings Flink settings over the job's own (the restart strategy, say)
     */
    static EmbeddedJob start(Duration checkpointInterval, boolean pooled, Map<String, String> flinkSettings)
            throws Exception {
        Path work = Files.createTempDirectory("creditgrid-run-");
        EmbeddedKafka kafka = EmbeddedKafka.start();
        Admin admin = kafka.admin();
        try {
            CreditGridConfig config = CreditGridConfig.defaults()
                    .withBootstrapServers(kafka.bootstrapServers())
                    .withCheckpointing(checkpointInterval, work.resolve("checkpoints").toUri().toString())
                    .withParallelism(2)
                    .withPooledTransactionalIds(pooled);
            if (pooled) {
                config = config.withKafkaClient(org.creditgrid.pipeline.KafkaClientProperties.of(
                        Map.of("metadata.recovery.strategy", "none")));
            }
            EmbeddedKafka.createTopics(admin, config.topics(), 2);
            Configuration flink = config.flinkConfiguration();
            int restPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                restPort = s.getLocalPort();
            }
            flink.setString("rest.bind-address", "127.0.0.1");
            flink.setString("rest.address", "127.0.0.1");
            flink.setString("rest.bind-port", String.valueOf(restPort));
            flink.setString("taskmanager.memory.managed.size", "256m");
            flinkSettings.forEach(flink::setString);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
            env.setParallelism(2);
            CreditGridJob.define(env, config);
            return new EmbeddedJob(kafka, admin, config, env.executeAsync(config.jobName()), restPort, work);
        } catch (Exception | Error e) {
            admin.close();
            kafka.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            admin.close();
            kafka.close();
        } finally {
            org.apache.flink.util.FileUtils.deleteDirectoryQuietly(work.toFile());
        }
    }
}
