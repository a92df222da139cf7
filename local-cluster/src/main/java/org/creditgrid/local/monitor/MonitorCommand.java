package org.creditgrid.local.monitor;

import java.util.concurrent.Callable;
import org.creditgrid.pipeline.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creditgrid monitor}: the supervision monitor page for a running CreditGrid (the local cluster's by default). */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        description = "Serve the live supervision monitor page: unit statistics, triggers and inspection progress read "
                + "read_committed from Kafka; the map of the grid's units. Ctrl-C stops it.")
public final class MonitorCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    org.creditgrid.local.KafkaOptions kafka;
    @Option(names = "--port", defaultValue = "8090", description = "The page's port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--flink-rest", defaultValue = "http://127.0.0.1:8081",
            description = "Flink REST address for the pipeline strip (default ${DEFAULT-VALUE}); 'none' to leave it out.")
    String flinkRest;

    @Override
    public Integer call() throws Exception {
        try (MonitorServer server = new MonitorServer(port, kafka.client(), Topics.defaults(),
                "none".equals(flinkRest) ? null : flinkRest)) {
            System.err.printf("Monitor: %s (reading %s; Ctrl-C stops it)%n", server.start(), kafka.bootstrapServers());
            Thread.currentThread().join();
        }
        return 0;
    }
}
