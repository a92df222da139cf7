package org.creditgrid.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;

/**
 * The Prometheus reporter of an embedded MiniCluster (the demo's, the monitor test's): configured on a port range, it
 * takes the first free port; {@link #find} asks each port of the range which one reports a given job.
 */
public final class MetricsEndpoint {

    /** The demo's range, clear of the local cluster's fixed ports (9249 JobManager, 9250-9251 TaskManagers). */
    public static final String DEMO_PORTS = "9252-9262";

    private MetricsEndpoint() {}

    /** Adds Flink's Prometheus reporter on {@code ports} ("from-to") to {@code flink}. */
    public static void configure(Configuration flink, String ports) {
        flink.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        flink.setString("metrics.reporter.prom.port", ports);
    }

    /** The {@code /metrics} address in {@code ports} whose reporter names the job {@code jobName}, if one does. */
    public static Optional<String> find(String ports, String jobName) {
        String label = "job_name=\"" + jobName.replaceAll("[^a-zA-Z0-9:_]", "_") + "\"";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        String[] range = ports.split("-");
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            String url = "http://127.0.0.1:" + port + "/metrics";
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains(label)) {
                    return Optional.of(url);
                }
            } catch (java.io.IOException e) {
                // nothing there
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
