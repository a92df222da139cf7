package org.creditgrid.local.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.creditgrid.local.CreditGridCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code creditgrid bench pipeline}: the side-by-side benchmark (the launcher sends every other {@code bench} call to
 * JMH's micro-benchmarks of {@code bench/}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: 'pipeline' runs the pass-through ceiling and CreditGrid side by side; any other "
                + "argument goes to JMH (bench/).",
        subcommands = {BenchCommand.Pipeline.class, BenchCommand.State.class})
public final class BenchCommand {

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "Pre-load the synthetic city into an embedded broker, then run a pass-through job (same "
                    + "sources, Avro decode and validation, exactly-once sinks) and CreditGrid on it, one after the "
                    + "other with the same settings, and print both with their ratio.")
    static final class Pipeline implements Callable<Integer> {
        @Mixin
        CreditGridCli.CityOptions city;
        @Option(names = "--parallelism", defaultValue = "2", description = "Both jobs' parallelism (default ${DEFAULT-VALUE}).")
        int parallelism;
        @Option(names = "--checkpoint-interval", defaultValue = "PT10S",
                description = "Both jobs' checkpoint interval, ISO-8601 (default ${DEFAULT-VALUE}, production's).")
        Duration checkpointInterval;
        @Option(names = "--latency-seconds", defaultValue = "30",
                description = "Seconds of events at half CreditGrid's steady rate for the latency figures, 0 = none "
                        + "(default ${DEFAULT-VALUE}).")
        int latencySeconds;
        @Option(names = "--jfr", description = "Record CreditGrid's run with JDK Flight Recorder to this file and "
                + "print its top frames.")
        Path jfr;
        @Option(names = "--json", description = "Also write the figures as JSON to this file.")
        Path json;
        @Option(names = "--timeout", defaultValue = "PT3H", description = "Give up after this long per job (default ${DEFAULT-VALUE}).")
        Duration timeout;
        @Option(names = "--managed-memory", defaultValue = "256m",
                description = "Managed memory of the embedded TaskManager, which RocksDB uses for its block cache and "
                        + "write buffers, as a Flink memory size (default ${DEFAULT-VALUE}, the demo's; the README's "
                        + "sizing asks 1 GB or more per slot in production).")
        String managedMemory;
        @Option(names = "--flink", paramLabel = "KEY=VALUE",
                description = "A Flink setting for both jobs (repeatable), e.g. "
                        + "state.backend.rocksdb.timer-service.factory=HEAP; applied after the job's own.")
        java.util.Map<String, String> flinkSettings = new java.util.LinkedHashMap<>();
        @Option(names = "--replay", description = "Run CreditGrid a second time on the same inputs (to other output "
                + "topics) and count the records that differ between the two runs.")
        boolean replay;

        @Override
        public Integer call() throws Exception {
            new PipelineBench(new PipelineBench.Options(city.entities, city.seed, city.year, city.badRecords,
                    parallelism, checkpointInterval, latencySeconds, json, jfr, timeout, replay,
                    org.apache.flink.configuration.MemorySize.parse(managedMemory), flinkSettings)).run();
            return 0;
        }
    }

    @Command(name = "state", mixinStandardHelpOptions = true,
            description = "Apply the synthetic city's registrations, events and historical claims through the "
                    + "plain-Java enterprise supervisor (no Flink, no Kafka) and print where the enterprise state's "
                    + "bytes are, by field: what a split of the state by concern would save.")
    static final class State implements Callable<Integer> {
        @Mixin
        CreditGridCli.CityOptions city;

        @Override
        public Integer call() throws Exception {
            new StateBytes(System.out).run(city.entities, city.seed, city.year);
            return 0;
        }
    }
}
