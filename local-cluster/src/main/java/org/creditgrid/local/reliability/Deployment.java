package org.creditgrid.local.reliability;

import java.util.List;
import java.util.Properties;
import org.creditgrid.local.cluster.LocalCluster;

/**
 * Where a chaos run's job runs: the local cluster's processes (the faulty run), or a broker and a MiniCluster inside
 * the chaos command's JVM ({@link EmbeddedDeployment}, the reference). What a run needs of it: its Kafka, the Flink
 * REST API, submitting the job and stopping it with a savepoint.
 */
interface Deployment {

    /** Client settings for its broker (bootstrap servers and any security). */
    Properties client();

    String bootstrapServers();

    /** The Flink REST API's port on 127.0.0.1. */
    int restPort();

    /** Runs the job with these flags ({@code CreditGridConfig.fromArgs}); returns its job id. */
    String submit(List<String> jobArgs) throws Exception;

    /** Stop-with-savepoint of the running job (every open transaction committed); returns the savepoint's path. */
    String stop() throws Exception;

    /** The local cluster as a deployment. */
    static Deployment of(LocalCluster cluster) {
        return new Deployment() {
            @Override
            public Properties client() {
                return cluster.client();
            }

            @Override
            public String bootstrapServers() {
                return cluster.bootstrapServers();
            }

            @Override
            public int restPort() {
                return cluster.restPort();
            }

            @Override
            public String submit(List<String> jobArgs) throws Exception {
                return cluster.submit(jobArgs);
            }

            @Override
            public String stop() throws Exception {
                return cluster.stop();
            }
        };
    }
}
