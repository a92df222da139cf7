package org.creditgrid.local.bench;

import java.io.PrintStream;
import java.util.Locale;

/** The side-by-side benchmark's figures as the table {@code bench pipeline} prints. */
final class BenchReport {

    private BenchReport() {}

    static void print(PipelineBench.Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%nbench pipeline: %,d entities, %,d input records, parallelism %d, checkpoints every %s, "
                + "managed memory %s%s%n", r.entities(), r.inputRecords(), r.parallelism(), r.checkpointInterval(),
                r.managedMemory(), r.flinkSettings().isEmpty() ? "" : ", " + r.flinkSettings());
        out.printf(Locale.ROOT, "machine: %s%n%n", r.machine());
        out.printf(Locale.ROOT, "%-38s %16s %16s%n", "", "pass-through", "CreditGrid");
        PipelineBench.JobRun a = r.passThrough();
        PipelineBench.JobRun b = r.creditGrid();
        row(out, "RUNNING -> all input committed (s)", "%,.1f", a.committedSeconds(), b.committedSeconds());
        row(out, "input records/s, committed", "%,.0f", a.committedRate(), b.committedRate());
        row(out, "first -> last output (s)", "%,.1f", a.steadySeconds(), b.steadySeconds());
        row(out, "input records/s, steady", "%,.0f", a.steadyRate(), b.steadyRate());
        row(out, "CPU µs per input record", "%,.1f", a.cpuMicrosPerRecord(), b.cpuMicrosPerRecord());
        row(out, "output records (committed)", "%,.0f", a.outputs().records(), b.outputs().records());
        out.printf(Locale.ROOT, "%nCreditGrid / pass-through: %.3f× steady, %.3f× committed%n", r.steadyRatio(),
                r.committedRatio());
        JobRest.Checkpoints c = b.checkpoints();
        out.printf(Locale.ROOT, "CreditGrid checkpoints: %d completed, %d failed; duration avg %,d ms, p50 %,d, "
                        + "p99 %,d, max %,d; added per checkpoint avg %,d bytes, max %,d; full state %,d bytes%n",
                c.completed(), c.failed(), c.avgMs(), c.p50Ms(), c.p99Ms(), c.maxMs(), c.avgCheckpointedBytes(),
                c.maxCheckpointedBytes(), c.latestFullBytes());
        out.printf(Locale.ROOT, "CreditGrid state: canonical savepoint %,d bytes = %,.0f bytes per enterprise (after the "
                + "latency probe's events); last checkpoint before them %,.0f bytes per enterprise (RocksDB files)%n",
                b.savepointBytes(), r.stateBytesPerEnterprise(), r.checkpointBytesPerEnterprise());
        if (r.latency() != null) {
            LatencyProbe.Latency l = r.latency();
            out.printf(Locale.ROOT, "latency append -> profile read_committed at %,.0f events/s: p50 %,d ms, p99 %,d ms, "
                    + "max %,d ms (%,d of %,d events changed a profile)%n", l.rate(), l.p50Ms(), l.p99Ms(), l.maxMs(),
                    l.matched(), l.sent());
        }
        if (r.profile() != null) {
            out.printf(Locale.ROOT, "%nCreditGrid profile (JFR, %,d execution samples): top frames%n",
                    r.profile().samples());
            r.profile().selfFrames().forEach(f -> out.printf(Locale.ROOT, "  %5.1f %%  %s%n", f.percent(), f.method()));
            out.printf(Locale.ROOT, "first CreditGrid frame on the stack%n");
            r.profile().creditGridFrames().forEach(f -> out.printf(Locale.ROOT, "  %5.1f %%  %s%n", f.percent(),
                    f.method()));
            out.printf(Locale.ROOT, "the enterprise operator's samples by entry point, per %d s of the recording%n",
                    Profiler.WINDOW_S);
            out.printf(Locale.ROOT, "  %7s", "from s");
            Profiler.ENTRIES.forEach(e -> out.printf(Locale.ROOT, " %9.9s", e));
            out.printf(Locale.ROOT, " %9s%n", "other");
            for (Profiler.Window w : r.profile().enterpriseTimeline()) {
                out.printf(Locale.ROOT, "  %7d", w.startS());
                Profiler.ENTRIES.forEach(e -> out.printf(Locale.ROOT, " %,9d", w.samplesByEntry().getOrDefault(e, 0L)));
                out.printf(Locale.ROOT, " %,9d%n", w.samplesByEntry().getOrDefault("other", 0L));
            }
        }
        if (r.replay() != null) {
            Replay x = r.replay();
            out.printf(Locale.ROOT, "%nreplay (CreditGrid first on the same inputs, %,.0f input records/s steady, %,.0f "
                    + "committed; the main run above found the JIT warm): records only in one run, per topic%n",
                    r.replayRun().steadyRate(), r.replayRun().committedRate());
            out.printf(Locale.ROOT, "  %-26s %10s %10s %10s %10s%n", "topic", "run", "replay", "only run", "only replay");
            x.topics().forEach(d -> out.printf(Locale.ROOT, "  %-26s %,10d %,10d %,10d %,10d%n", d.topic(), d.first(),
                    d.second(), d.onlyFirst(), d.onlySecond()));
            out.printf(Locale.ROOT, "  final profiles: %,d of %,d enterprises differ in content (class, score, "
                    + "reasons, pool, unit...), %,d in their version number%n", x.finalProfilesDiffer(), x.profileKeys(),
                    x.finalVersionsDiffer());
            x.examples().forEach(e -> out.printf(Locale.ROOT, "    %s%n", e));
        }
        out.printf(Locale.ROOT, "%noutputs per topic (committed, digest):%n");
        b.outputs().perTopic().forEach((t, n) -> out.printf(Locale.ROOT, "  %-26s %,10d  %s%n", t, n,
                b.outputs().digests().get(t)));
    }

    private static void row(PrintStream out, String label, String format, double a, double b) {
        out.printf(Locale.ROOT, "%-38s %16s %16s%n", label, String.format(Locale.ROOT, format, a),
                String.format(Locale.ROOT, format, b));
    }
}
