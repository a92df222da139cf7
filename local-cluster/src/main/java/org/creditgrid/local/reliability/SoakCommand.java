package org.creditgrid.local.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creditgrid soak}: many checkpoints in a short time, with the broker's transactional ids and the heap watched. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run the job on an embedded broker and MiniCluster with a short checkpoint interval until N "
                + "checkpoints completed, sampling transactional ids, heap and checkpoint duration; exit 1 if any "
                + "grows or the job restarts.")
public final class SoakCommand implements Callable<Integer> {

    @Option(names = "--checkpoints", defaultValue = "10000", description = "Checkpoints to complete (default ${DEFAULT-VALUE}).")
    long checkpoints;
    @Option(names = "--checkpoint-interval", defaultValue = "PT0.1S",
            description = "Checkpoint interval, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration interval;
    @Option(names = "--entities", defaultValue = "2000",
            description = "Synthetic city streamed in at --rate first; then only the job's timers and feedback run, so "
                    + "the state stops growing and a trend is the checkpoints' own (default ${DEFAULT-VALUE}).")
    int entities;
    @Option(names = "--rate", defaultValue = "20", description = "Input records per second (default ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = "--seed", defaultValue = "20230421", description = "City seed (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--sample-every", defaultValue = "PT30S", description = "Sampling period, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration sampleEvery;
    @Option(names = "--timeout", defaultValue = "PT3H", description = "Give up after, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration timeout;
    @Option(names = "--json", description = "Also write every sample and the verdict as JSON to this file.")
    Path json;
    @Option(names = "--transaction-naming", defaultValue = "pooling", paramLabel = "pooling|incrementing",
            description = "The sinks' transactional ids: pooled (the soak's bound of 3 per sink subtask applies) or "
                    + "one per checkpoint, the job's default (default ${DEFAULT-VALUE}).")
    String naming;

    @Override
    public Integer call() throws Exception {
        if (!naming.equals("pooling") && !naming.equals("incrementing")) {
            System.err.println("--transaction-naming is pooling or incrementing");
            return 2;
        }
        Soak.Result r = new Soak(new Soak.Options(checkpoints, interval, entities, rate, seed, sampleEvery, timeout,
                json, naming.equals("pooling"))).run();
        System.out.println(Soak.line(r));
        return r.passed() ? 0 : 1;
    }
}
