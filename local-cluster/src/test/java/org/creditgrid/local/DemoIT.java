package org.creditgrid.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded demo end to end, small: what `creditgrid demo` does, checked from its summary JSON. Every Kafka client,
 * the job's and the demo's, logs in with SCRAM-SHA-512; the log at INFO, the console and the summary are then searched
 * for the password and for personal data.
 */
class DemoIT {

    @Test
    void theDemoPublishesEveryOutputAndDeadLettersExactlyTheInjectedRecords(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        Demo demo;
        int exit;
        CapturedLog log = new CapturedLog(Path.of("target/demo-it.log"));
        try (log) {
            System.setOut(new java.io.PrintStream(new Tee(out, console), true, java.nio.charset.StandardCharsets.UTF_8));
            System.setErr(new java.io.PrintStream(new Tee(err, console), true, java.nio.charset.StandardCharsets.UTF_8));
            demo = new Demo(new Demo.Options(4_000, 11, 2025, 40, false, json, Duration.ofMinutes(5), false, 0,
                    EmbeddedKafka.Security.SCRAM));
            exit = demo.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(exit).isZero();

        // Secrets: the SCRAM password is nowhere a person could read it.
        assertThat(demo.kafkaSecrets()).as("the SCRAM user's password").hasSize(1);
        String text = log.text();
        assertThat(text).as("the log is at INFO and holds the clients' configuration")
                .contains("sasl.mechanism = SCRAM-SHA-512").contains("sasl.jaas.config = [hidden]");
        for (String secret : demo.kafkaSecrets()) {
            assertThat(text).as("log").doesNotContain(secret);
            assertThat(console.toString(java.nio.charset.StandardCharsets.UTF_8)).as("console").doesNotContain(secret);
            assertThat(java.nio.file.Files.readString(json)).as("summary").doesNotContain(secret);
        }
        // Personal data: no credit code, and no name or address (all Chinese in the city) in the log at INFO.
        System.out.printf("DemoIT: %,d log lines at INFO searched%n", log.lines());
        assertThat(log.creditCodes()).as("credit codes in the log").isEmpty();
        assertThat(log.chineseText()).as("names or addresses in the log").isEmpty();

        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(s.get("entities").asLong()).isEqualTo(4_000);
        assertThat(s.get("injectedBad").asLong()).isEqualTo(40);
        assertThat(s.get("deadLetters").asLong()).isEqualTo(40);
        long classes = 0;
        for (JsonNode c : s.get("classes")) {
            classes += c.asLong();
        }
        assertThat(classes).isEqualTo(4_000);
        assertThat(s.get("claimRate").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(s.get("claimByMethod").get("STANDARD_ADDRESS").asLong()).isPositive();
        assertThat(s.get("claimAccuracy").asDouble()).isGreaterThanOrEqualTo(0.999);
        assertThat(s.get("unclaimedWithoutRequest").asLong()).isZero();
        assertThat(s.get("caseCandidates").get("opened").asLong()).isPositive();
        assertThat(s.get("caseCandidates").get("noUnitAndNoReason").asLong()).isZero();
        assertThat(s.get("caseCandidates").get("withCandidate").asLong()).isPositive();
        s.get("outputs").fields().forEachRemaining(e ->
                assertThat(e.getValue().asLong()).as("records in %s", e.getKey()).isPositive());
        assertThat(s.get("pools").get("prudent").asLong()).isPositive();
        assertThat(s.get("duplicates").get("profiles").asLong()).isZero();
        assertThat(s.get("duplicates").get("tasks").asLong()).isZero();
        assertThat(s.get("tasks").asLong()).isPositive();
        assertThat(s.get("tasksByPlan").size()).as("two plans six months apart").isEqualTo(2);
        assertThat(s.get("repeatRate").asDouble()).as("smart exclusion").isLessThanOrEqualTo(0.02);
        assertThat(s.get("draws").size()).as("both draws published").isEqualTo(2);
        JsonNode inspection = s.get("inspection");
        assertThat(inspection.get("inspectors").asLong()).as("the demo's library").isEqualTo(187 * 7);
        assertThat(inspection.get("assignments").asLong()).as("two per department team")
                .isGreaterThan(3 * s.get("tasks").asLong());
        assertThat(inspection.get("unfitAssignments").asLong()).isZero();
        assertThat(inspection.get("inclusiveABDrawn").asLong()).isZero();
        long published = 0;
        for (JsonNode n : inspection.get("resultsPublished")) {
            published += n.asLong();
        }
        assertThat(inspection.get("resultsReported").asLong()).as("results of December visits").isPositive()
                .isEqualTo(published);
        assertThat(inspection.get("resultsUnmatched").asLong()).as("each published once").isZero();
        s.get("draws").forEach(d -> assertThat(d.get("drawn").get("A").asLong())
                .isLessThanOrEqualTo(d.get("eligible").get("A").asLong()));
        assertThat(s.get("pools").get("inclusive").asLong()).isPositive();
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
