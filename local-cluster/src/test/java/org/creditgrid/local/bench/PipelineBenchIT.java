package org.creditgrid.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `creditgrid bench pipeline`, small: both jobs run over the same records, and every figure comes from them. */
class PipelineBenchIT {

    static final int ENTITIES = 1_000;

    @Test
    void measuresThePassThroughAndCreditGridSideBySide(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Path jfr = dir.resolve("creditgrid.jfr");
        PipelineBench.Result r = new PipelineBench(new PipelineBench.Options(ENTITIES, 7, 2025, 0, 2, Duration.ofSeconds(1),
                3, json, jfr, Duration.ofMinutes(5), true, org.apache.flink.configuration.MemorySize.parse("256m"),
                java.util.Map.of()))
                .run();

        // The ceiling passed every input record on exactly once (read_committed), and rejected none.
        assertThat(r.passThrough().outputs().records()).isEqualTo(r.inputRecords());
        assertThat(r.passThrough().outputs().perTopic().get(PassThroughJob.PREFIX + "dead-letters")).isZero();
        assertThat(r.creditGrid().outputs().perTopic().get("enterprise-profiles")).isGreaterThanOrEqualTo(ENTITIES);
        for (PipelineBench.JobRun run : new PipelineBench.JobRun[] {r.passThrough(), r.creditGrid()}) {
            assertThat(run.committedRate()).as(run.job()).isPositive();
            assertThat(run.steadySeconds()).as(run.job()).isPositive().isLessThanOrEqualTo(run.committedSeconds());
            assertThat(run.cpuMicrosPerRecord()).as(run.job()).isPositive();
            assertThat(run.savepointBytes()).as(run.job()).isPositive();
        }
        assertThat(r.steadyRatio()).isEqualTo(r.creditGrid().steadyRate() / r.passThrough().steadyRate());
        assertThat(r.creditGrid().checkpoints().completed()).isPositive();
        assertThat(r.stateBytesPerEnterprise()).isEqualTo((double) r.creditGrid().savepointBytes() / ENTITIES);
        assertThat(r.checkpointBytesPerEnterprise()).isPositive();

        // Penalties at half the steady rate: most change a profile, and each is seen after its append.
        assertThat(r.latency().sent()).isPositive();
        assertThat(r.latency().matched()).isGreaterThan(r.latency().sent() / 2);
        assertThat(r.latency().p50Ms()).isPositive().isLessThanOrEqualTo(r.latency().p99Ms());

        assertThat(Files.size(jfr)).isPositive();
        assertThat(r.profile().samples()).isPositive();
        assertThat(r.profile().selfFrames()).isNotEmpty();
        // The enterprise operator's samples by what it did, window by window: a share of all samples, entry points
        // only, and the registrations among them (every enterprise starts with one).
        long timeline = r.profile().enterpriseTimeline().stream()
                .mapToLong(w -> w.samplesByEntry().values().stream().mapToLong(Long::longValue).sum()).sum();
        assertThat(timeline).isPositive().isLessThan(r.profile().samples());
        assertThat(r.profile().enterpriseTimeline()).allSatisfy(w -> assertThat(w.samplesByEntry().keySet())
                .isSubsetOf(java.util.stream.Stream.concat(Profiler.ENTRIES.stream(),
                        java.util.stream.Stream.of("other")).toList()));
        assertThat(r.profile().enterpriseTimeline()).extracting(Profiler.Window::startS).doesNotHaveDuplicates()
                .isSorted();

        // The replay ran on the same inputs to its own topics, and was compared topic by topic with the main run.
        assertThat(r.replay().topics()).extracting(Replay.TopicDiff::topic)
                .containsExactlyElementsOf(r.creditGrid().outputs().perTopic().keySet());
        for (Replay.TopicDiff d : r.replay().topics()) {
            assertThat(d.first()).as(d.topic()).isEqualTo(r.creditGrid().outputs().perTopic().get(d.topic()));
            assertThat(d.onlyFirst()).as(d.topic()).isBetween(0L, d.first());
            assertThat(d.first() - d.onlyFirst()).as("%s: shared by both runs", d.topic())
                    .isEqualTo(d.second() - d.onlySecond());
        }
        assertThat(r.replay().profileKeys()).isGreaterThanOrEqualTo(ENTITIES);
        assertThat(r.replay().finalProfilesDiffer()).isBetween(0L, r.replay().profileKeys());
        assertThat(r.replay().finalVersionsDiffer()).isBetween(0L, r.replay().profileKeys());
        assertThat(r.replay().examples()).as("each differing final profile described, up to the limit")
                .hasSize((int) Math.min(Replay.EXAMPLES, r.replay().finalProfilesDiffer()))
                .allSatisfy(e -> assertThat(e).matches("[0-9A-HJ-NPQRTUWXY]{18}: .+"));

        JsonNode written = new ObjectMapper().readTree(json.toFile());
        assertThat(written.get("inputRecords").asLong()).isEqualTo(r.inputRecords());
        assertThat(written.get("creditGrid").get("steadyRate").asDouble()).isEqualTo(r.creditGrid().steadyRate());
    }
}
