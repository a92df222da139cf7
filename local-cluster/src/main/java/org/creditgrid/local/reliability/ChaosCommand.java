package org.creditgrid.local.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.creditgrid.local.cluster.HomeOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code creditgrid chaos}: fault rounds on the local cluster's processes, checked against a fault-free run. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Start a local cluster of its own (broker, JobManager, 2 TaskManagers as processes) and stream "
                + "a synthetic city into the job there at a fixed rate while each round kills or pauses a process or "
                + "stops the job mid-draw; at the same time stream it into a fault-free reference run (a broker and "
                + "a MiniCluster in this JVM); verify both runs' committed outputs: no duplicate, no loss, identical "
                + "final profiles, triggers, tasks and draws. Exit 1 if not.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--rounds", defaultValue = "10", description = "Fault rounds (default ${DEFAULT-VALUE}): "
            + "TaskManager kill -9, JobManager kill -9 and resume, broker kill -9, TaskManager SIGSTOP, "
            + "stop-with-savepoint in a draw, in turn.")
    int rounds;
    @Option(names = "--faults", split = ",", paramLabel = "FAULT", description = "Only these faults, in this order, "
            + "round after round (default: all five): ${COMPLETION-CANDIDATES}.")
    java.util.List<Chaos.Fault> faults;
    @Option(names = "--seed", defaultValue = "20230421", description = "City seed; also picks the TaskManagers (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--entities", defaultValue = "10000", description = "Synthetic city size (default ${DEFAULT-VALUE}).")
    int entities;
    @Option(names = "--rate", defaultValue = "300", description = "Input records per second of both runs (default ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--timeout", defaultValue = "PT5M", description = "For each recovery and catch-up, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration timeout;
    @Option(names = "--source-idleness", description = "The job's --source-idleness in both runs, ISO-8601 "
            + "(default: the job's, 30 s). Shorter runs shorter, but a quiet registrations partition then goes idle "
            + "sooner and events wait less for their registration: at PT5S a run gave up two events (see "
            + "docs/reliability.md).")
    Duration sourceIdleness;
    @Option(names = "--json", description = "Also write the rounds and the verdict as JSON to this file.")
    Path json;
    @Option(names = "--work", description = "The run's cluster data (default: a new directory under local-cluster/data/chaos).")
    Path work;
    @Mixin
    HomeOption home;

    @Override
    public Integer call() throws Exception {
        if (sourceIdleness != null && (sourceIdleness.isNegative() || sourceIdleness.isZero())) {
            System.err.println("--source-idleness must be positive");
            return 2;
        }
        if (rounds < 0 || entities < 1 || rate <= 0) {
            System.err.println("--rounds must be 0 or more (0: a second run without faults, to see what timing alone changes), --entities and --rate positive");
            return 2;
        }
        Path w = work != null ? work : home.newRun("chaos");
        Chaos.Result r = new Chaos(new Chaos.Options(rounds, faults, seed, entities, rate, home.home(), w, json, timeout,
                sourceIdleness, System.out))
                .run();
        System.out.println("cluster data, logs and checkpoints of the run: " + w);
        return r.passed() ? 0 : 1;
    }
}
