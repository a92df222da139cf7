package org.creditgrid.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.creditgrid.claim.Grid;
import org.creditgrid.local.generate.FileRecordSink;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.RecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code creditgrid}: the command line of the local stack. */
@Command(name = "creditgrid", mixinStandardHelpOptions = true, version = "creditgrid 0.1.0",
        description = "CreditGrid: streaming credit-risk supervision on Flink and Kafka.",
        subcommands = {CreditGridCli.DemoCommand.class, CreditGridCli.GenerateCommand.class, RulesCommand.class,
            PlanCommand.class, TailCommand.class, org.creditgrid.local.sublibraries.SubLibrariesCommand.class,
            org.creditgrid.local.grid.GridCommand.class, org.creditgrid.local.cluster.ClusterCommand.class,
            org.creditgrid.local.bench.BenchCommand.class, org.creditgrid.local.monitor.MonitorCommand.class,
            org.creditgrid.local.reliability.SoakCommand.class, org.creditgrid.local.reliability.FuzzCommand.class,
            org.creditgrid.local.reliability.ChaosCommand.class})
public final class CreditGridCli implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line; returns its exit code (2 for a bad flag or setting, its message on stderr). */
    public static int run(String... args) {
        String[] rewritten;
        try {
            rewritten = KafkaOptions.rewrite(args);
        } catch (IllegalArgumentException e) {
            System.err.println("creditgrid: " + e.getMessage());
            return 2;
        }
        return new CommandLine(new CreditGridCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof IllegalArgumentException) { // a bad setting: its message says which
                        cmd.getErr().println("creditgrid: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                })
                .execute(rewritten);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.err);
        return 2;
    }

    /** What the synthetic city is made of: the options `demo`, `generate` and `bench pipeline` share. */
    public static final class CityOptions {
        @Option(names = "--entities", defaultValue = "100000", description = "Market entities (default ${DEFAULT-VALUE}).")
        public int entities;
        @Option(names = "--seed", defaultValue = "20230421",
                description = "Generator and draw seed: the same seed gives the same city (default ${DEFAULT-VALUE}).")
        public long seed;
        @Option(names = "--year", defaultValue = "2025", description = "Simulated year (default ${DEFAULT-VALUE}).")
        public int year;
        @Option(names = "--bad-records", defaultValue = "0",
                description = "Deliberately malformed records to mix in (default ${DEFAULT-VALUE}).")
        public int badRecords;
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the job on an embedded Kafka broker and Flink MiniCluster with a synthetic Guangzhou, "
                    + "then print a summary read back from the output topics.")
    static final class DemoCommand implements Callable<Integer> {
        @Mixin
        CityOptions city;
        @Option(names = "--follow", description = "Keep the job and broker running after the summary.")
        boolean follow;
        @Option(names = "--summary-json", description = "Also write the summary as JSON to this file.")
        Path summaryJson;
        @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up if processing takes longer (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;
        @Option(names = "--monitor", description = "Also serve the supervision monitor page (its address is printed).")
        boolean monitor;
        @Option(names = "--monitor-port", defaultValue = "8090", description = "The monitor page's port (default ${DEFAULT-VALUE}).")
        int monitorPort;
        @Option(names = "--kafka-security", defaultValue = "none", paramLabel = "none|scram|tls|scram_tls",
                description = "Clients log in to the embedded broker with SCRAM-SHA-512, mutual TLS or both "
                        + "(SASL_SSL), the job's as well as the demo's own (default ${DEFAULT-VALUE}).")
        EmbeddedKafka.Security kafkaSecurity;

        @Override
        public Integer call() throws Exception {
            return new Demo(new Demo.Options(city.entities, city.seed, city.year, city.badRecords, follow,
                    summaryJson, timeout, monitor, monitorPort, kafkaSecurity)).run();
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Generate the synthetic city into Kafka (--bootstrap-servers) or files (--out).")
    static final class GenerateCommand implements Callable<Integer> {
        @Mixin
        CityOptions city;
        @Option(names = "--bootstrap-servers", description = "Kafka to write to (default 127.0.0.1:9092, the local cluster's, unless --out is given).")
        String bootstrapServers;
        @Option(names = "--out", description = "Directory to write TOPIC.tsv files to instead of Kafka.")
        Path out;
        @Option(names = "--rate", defaultValue = "0", description = "Records per second to Kafka, 0 = as fast as possible.")
        double rate;
        @Option(names = "--grid", defaultValue = Grid.DEFAULT_LOCATION, description = "Grid file (default: the shipped grid).")
        String grid;
        @Mixin
        KafkaOptions.ClientSettings kafka;

        @Override
        public Integer call() throws Exception {
            if (bootstrapServers != null && out != null) {
                System.err.println("Give one of --bootstrap-servers and --out, not both.");
                return 2;
            }
            if (out == null && bootstrapServers == null) {
                bootstrapServers = "127.0.0.1:9092"; // the broker of `creditgrid cluster start`
            }
            Grid units = Grid.load(grid);
            SyntheticCity synthetic = new SyntheticCity(new SyntheticCity.Settings(city.entities, city.seed, city.year,
                    city.badRecords, Topics.defaults()), units);
            long t0 = System.nanoTime();
            SyntheticCity.Totals totals;
            try (RecordSink sink = out != null ? new FileRecordSink(out) : new KafkaRecordSink(kafka.with(bootstrapServers), rate)) {
                totals = synthetic.generate(sink, n -> { });
                // The inspector library the demo's plans are staffed from (a changelog: sending it again is harmless).
                org.creditgrid.local.generate.InspectorRoster.publish(org.creditgrid.local.generate.InspectorRoster.of(
                        units.units(), synthetic.trueUnits(), city.year, city.seed), sink, Topics.defaults().inspectors());
            }
            System.err.printf(Locale.ROOT, "Generated %,d records for %,d entities (%,d malformed) in %.1f s: %s%n",
                    totals.records(), totals.entities(), totals.injectedBad(), (System.nanoTime() - t0) / 1e9,
                    totals.perTopic());
            return 0;
        }
    }
}
