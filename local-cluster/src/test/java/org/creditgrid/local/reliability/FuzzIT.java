package org.creditgrid.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fuzzed stream's short version: 300 mutants among a 400-entity city. The long run (10,000 malformed) is
 * {@code creditgrid fuzz}, its figures in docs/reliability.md.
 */
class FuzzIT {

    @Test
    void everyMutantIsExactlyOneDeadLetterAndTheJobNeverRestarts() throws Exception {
        Fuzz.Result r = new Fuzz(new Fuzz.Options(300, 400, 17, Duration.ofMinutes(5), null)).run();
        System.out.println("FuzzIT: " + Fuzz.report(r));
        assertThat(r.malformed()).isBetween(300L, 306L);
        assertThat(r.deadLetters()).isEqualTo(r.malformed());
        assertThat(r.matched()).isEqualTo(r.malformed());
        assertThat(r.withoutReasonOrBytes()).isZero();
        assertThat(r.profiles()).isEqualTo(r.entities()).isPositive();
        assertThat(r.restarts()).isZero();
        assertThat(r.deadLetterReasons()).as("each mutant for the reason the job's own validation gives")
                .isEqualTo(r.expectedReasons()).containsKeys("UNDECODABLE", "UNKNOWN_SCHEMA");
        // Every topic the fuzzer covers got mutants, and every byte-level kind was sent.
        assertThat(r.sentByTopic().keySet()).containsExactlyInAnyOrder("enterprise-registrations",
                "enforcement-events", "standard-addresses", "claim-history", "inspectors", "sampling-plans");
        assertThat(r.sentByKind().keySet()).contains("HEADER_BIT_FLIP", "TRUNCATION", "TRAILING_BYTES",
                "HOSTILE_LENGTH", "GARBAGE", "INVALID_CHECK_CHARACTER");
        assertThat(r.problems()).isEmpty();
        assertThat(r.passed()).isTrue();
    }
}
