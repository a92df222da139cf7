package org.creditgrid.local.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.creditgrid.local.cluster.HomeOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code creditgrid fuzz}: malformed records of every input topic mixed into the synthetic city's stream. */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Run the job on an embedded broker and MiniCluster (or, with --cluster, on a local cluster of its "
                + "own: broker, JobManager, 2 TaskManagers as processes) with mutants of valid records mixed into the "
                + "synthetic city (registrations, events, standard addresses, claim history, inspectors, plans); exit 1 "
                + "unless each becomes exactly one dead letter for the reason the job's validation gives, every entity "
                + "gets its profile and the job never restarts.")
public final class FuzzCommand implements Callable<Integer> {

    @Option(names = "--malformed", defaultValue = "10000", description = "Malformed records to send (default ${DEFAULT-VALUE}).")
    long malformed;
    @Option(names = "--entities", defaultValue = "5000", description = "Synthetic city (default ${DEFAULT-VALUE}).")
    int entities;
    @Option(names = "--seed", defaultValue = "20230421", description = "City and mutation seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--timeout", defaultValue = "PT20M", description = "Give up after, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration timeout;
    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;
    @Option(names = "--cluster", description = "On a local cluster of its own (processes, the job submitted with the "
            + "Flink CLI) instead of the embedded broker and MiniCluster.")
    boolean cluster;
    @Option(names = "--work", description = "With --cluster: the cluster's data (default: a new directory under "
            + "local-cluster/data/fuzz).")
    Path work;
    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        Path w = !cluster ? null : work != null ? work : home.newRun("fuzz");
        Fuzz.Result r = new Fuzz(new Fuzz.Options(malformed, entities, seed, timeout, json, home.home(), w)).run();
        if (w != null) {
            System.out.println("cluster data and logs of the run: " + w);
        }
        System.out.println(Fuzz.report(r));
        return r.passed() ? 0 : 1;
    }
}
