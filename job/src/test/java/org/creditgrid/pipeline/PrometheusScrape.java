package org.creditgrid.pipeline;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of Flink's Prometheus reporter, as Prometheus reads it: the text exposition format parsed into samples
 * (name, labels, value). Test-only; the port is found by asking each port of the configured range.
 */
record PrometheusScrape(String text, List<Sample> samples) {

    /** The ports the pipeline tests' MiniCluster gives its reporter (clear of the local cluster's 9249-9251 and the demo's 9252-9262). */
    static final String PORTS = "9270-9289";

    record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The first port of {@link #PORTS} whose {@code /metrics} mentions the job {@code jobName}, scraped. */
    static PrometheusScrape of(String jobName) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String[] range = PORTS.split("-");
        StringBuilder seen = new StringBuilder();
        for (int port = Integer.parseInt(range[0]); port <= Integer.parseInt(range[1]); port++) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("job_name=\"" + value(jobName) + "\"")) {
                    return parse(body);
                }
                seen.append("\n").append(port).append(": ").append(body.lines().filter(l -> l.contains("job_name"))
                        .findFirst().orElse(body.length() + " characters, no job"));
            } catch (java.io.IOException notThere) {
                seen.append("\n").append(port).append(": ").append(notThere);
                // next port
            }
        }
        throw new AssertionError("no Prometheus reporter on 127.0.0.1:" + PORTS + " reports job " + jobName
                + seen);
    }

    static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
        return new PrometheusScrape(text, samples);
    }

    /** {@code s} as Flink's reporter writes it in a label value: every character but [a-zA-Z0-9:_] becomes '_'. */
    static String value(String s) {
        return s.replaceAll("[^a-zA-Z0-9:_]", "_");
    }

    /**
     * The samples named {@code name} whose labels include {@code labels} (key, value, ...; values as the job names
     * them, compared as {@link #value} writes them).
     */
    List<Sample> find(String name, String... labels) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!value(labels[i + 1]).equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The sum of {@link #find}'s values (over subtasks and TaskManagers). */
    double sum(String name, String... labels) {
        return find(name, labels).stream().mapToDouble(Sample::value).sum();
    }
}
