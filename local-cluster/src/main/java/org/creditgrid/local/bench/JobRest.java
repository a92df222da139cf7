package org.creditgrid.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The figures the benchmark reads from Flink's REST API: {@code /jobs/:id/checkpoints}, and the input watermark of an
 * operator (its subtasks' metrics).
 */
public final class JobRest {

    /**
     * Completed checkpoints of a job: count, end-to-end duration (ms: average, p50, p99, max), the size each added
     * (bytes, average and max; incremental RocksDB checkpoints upload only new files) and the full state size of the
     * latest (bytes, all operators).
     */
    public record Checkpoints(long completed, long failed, long avgMs, long p50Ms, long p99Ms, long maxMs,
                       long avgCheckpointedBytes, long maxCheckpointedBytes, long latestFullBytes) {}

    /** A JobManager that accepts and never answers must not hold a caller's deadline: 2 s to connect, 5 s a call. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    public JobRest(int port, String jobId) {
        this.base = "http://127.0.0.1:" + port + "/jobs/" + jobId;
    }

    public Checkpoints checkpoints() throws Exception {
        JsonNode root = get("/checkpoints");
        JsonNode summary = root.path("summary");
        JsonNode duration = summary.path("end_to_end_duration");
        JsonNode added = summary.path("checkpointed_size");
        return new Checkpoints(root.path("counts").path("completed").asLong(),
                root.path("counts").path("failed").asLong(),
                duration.path("avg").asLong(), duration.path("p50").asLong(), duration.path("p99").asLong(),
                duration.path("max").asLong(), added.path("avg").asLong(), added.path("max").asLong(),
                root.path("latest").path("completed").path("state_size").asLong());
    }

    /**
     * The lowest current watermark (epoch ms) over the subtasks of the first operator whose metric name starts with
     * {@code operatorPrefix} (Flink's metric names: spaces and commas as underscores) — the operator's output
     * watermark, the one its event-time timers fire on (Flink reports a two-input operator's input watermark as
     * Long.MIN_VALUE); empty if there is none or no watermark yet.
     */
    public java.util.OptionalLong watermark(String operatorPrefix) throws Exception {
        for (JsonNode v : get("").path("vertices")) {
            String vertex = "/vertices/" + v.path("id").asText();
            for (JsonNode m : get(vertex + "/subtasks/0/metrics")) {
                String id = m.path("id").asText();
                if (id.startsWith(operatorPrefix) && id.endsWith(".currentOutputWatermark")) {
                    JsonNode agg = get(vertex + "/subtasks/metrics?get=" + java.net.URLEncoder.encode(id,
                            java.nio.charset.StandardCharsets.UTF_8) + "&agg=min");
                    long min = agg.path(0).path("min").asLong(Long.MIN_VALUE);
                    return min == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(min);
                }
            }
        }
        return java.util.OptionalLong.empty();
    }

    /**
     * The job's {@code numRestarts} metric. The web monitor fetches metrics every few seconds, so a fresh job may not
     * have it yet: polls up to 30 s, then throws.
     */
    public long restarts() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode m = get("/metrics?get=numRestarts");
            if (m.isArray() && !m.isEmpty()) {
                return Long.parseLong(m.get(0).path("value").asText());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no numRestarts metric for " + base + " after 30 s");
            }
            Thread.sleep(200);
        }
    }

    /** GET of {@code path} under the job ({@code /jobs/:id}), as JSON. */
    public JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + base + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }
}
