package org.creditgrid.local.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.creditgrid.local.Demo;
import org.creditgrid.pipeline.CreditGridConfig;

/**
 * The pipeline strip's figures: the CreditGrid job's status and last completed checkpoint from the Flink REST API
 * (when its address is known), and the input records not yet covered by a checkpoint (the consumer group's lag).
 * Each call answers what it can: a figure it cannot read is left out, never guessed.
 */
final class PipelineProbe implements AutoCloseable {

    private final String flinkRest;
    private final CreditGridConfig config;
    private final Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** @param flinkRest e.g. {@code http://127.0.0.1:8081}, or null when the job runs where the monitor cannot see */
    PipelineProbe(String flinkRest, java.util.Properties kafka) {
        this.flinkRest = flinkRest;
        this.config = CreditGridConfig.defaults().withBootstrapServers(kafka.getProperty("bootstrap.servers"));
        java.util.Properties p = new java.util.Properties();
        p.putAll(kafka);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        this.admin = Admin.create(p);
    }

    Map<String, Object> read() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probedAt", System.currentTimeMillis());
        try {
            m.put("inputLag", Demo.lag(admin, config));
        } catch (Exception e) {
            m.put("kafka", "unreachable");
        }
        if (flinkRest == null) {
            return m;
        }
        try {
            JsonNode job = null;
            for (JsonNode j : get("/jobs/overview").path("jobs")) {
                if (j.path("name").asText().equals(config.jobName())
                        && (job == null || j.path("start-time").asLong() > job.path("start-time").asLong())) {
                    job = j;
                }
            }
            if (job == null) {
                m.put("job", "none");
                return m;
            }
            m.put("job", job.path("name").asText());
            m.put("status", job.path("state").asText());
            JsonNode completed = get("/jobs/" + job.path("jid").asText() + "/checkpoints").path("latest")
                    .path("completed");
            if (!completed.isMissingNode() && !completed.isNull()) {
                m.put("lastCheckpointMs", completed.path("latest_ack_timestamp").asLong());
                m.put("lastCheckpointDurationMs", completed.path("end_to_end_duration").asLong());
            }
        } catch (Exception e) {
            m.put("status", "UNREACHABLE");
        }
        return m;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(flinkRest + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
