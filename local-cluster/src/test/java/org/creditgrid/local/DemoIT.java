package org.creditgrid.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded demo end to end, small: what `creditgrid demo` does, checked from its summary JSON. */
class DemoIT {

    @Test
    void theDemoPublishesEveryOutputAndDeadLettersExactlyTheInjectedRecords(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        int exit = new Demo(new Demo.Options(4_000, 11, 2025, 40, false, json, Duration.ofMinutes(5), false, 0)).run();
        assertThat(exit).isZero();

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
}
