package org.creditgrid.local.cluster;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code creditgrid cluster start|status|submit|stop|resume|down}: the real local stack (see {@link LocalCluster}),
 * one method per subcommand.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "A real Kafka broker and Flink session cluster (JobManager + 2 TaskManagers) as local processes "
                + "on 127.0.0.1; data under local-cluster/data.", subcommands = ClusterCommand.Submit.class)
public final class ClusterCommand {

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Broker port (the controller uses the next one; default ${DEFAULT-VALUE}).")
    int kafkaPort;
    @Option(names = "--rest-port", defaultValue = "8081", description = "Flink REST and web UI port (default ${DEFAULT-VALUE}).")
    int restPort;
    @Mixin
    HomeOption home;

    private LocalCluster cluster() {
        return new LocalCluster(home.home(), kafkaPort, restPort, System.out);
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start Kafka (127.0.0.1:9092, KRaft), create the topics, start the JobManager (web UI 8081) and two TaskManagers.")
    int start() throws Exception {
        cluster().start();
        return 0;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Processes, ports, jobs, the restore point.")
    int status() throws Exception {
        cluster().status();
        return 0;
    }

    /** A class, not a method: everything after {@code submit} goes to the job as it is ({@code @Unmatched}). */
    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "flink run -d job/target/creditgrid-job.jar [job flags] (--bootstrap-servers defaults to the local broker).")
    static final class Submit implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        ClusterCommand parent;
        @Unmatched
        List<String> jobArgs = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            parent.cluster().submit(jobArgs);
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the submitted job with a savepoint.")
    int stop() throws Exception {
        cluster().stop();
        return 0;
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resubmit with the last job flags from the latest savepoint or retained checkpoint.")
    int resume(@Option(names = "--jar", description = "Another build of the job to resume with (an upgrade; default: job/target/creditgrid-job.jar).")
               Path jar,
               @Option(names = "--allow-non-restored-state", description = "Drop the state of operators the build no "
                       + "longer has (needed from 07f9757: its drawn-tasks source is gone).")
               boolean allowNonRestoredState) throws Exception {
        LocalCluster cluster = cluster();
        cluster.resume(jar == null ? cluster.jobJar() : jar, allowNonRestoredState);
        return 0;
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop every process (running jobs end with them; data/ is kept).")
    int down() throws Exception {
        cluster().down();
        return 0;
    }
}
