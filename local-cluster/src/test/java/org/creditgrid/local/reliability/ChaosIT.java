package org.creditgrid.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.creditgrid.local.reliability.Chaos.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chaos rounds' short version: one round of each fault on the local cluster's processes, a 500-entity city at
 * 100 records/s, against a fault-free run of the same seed. The long run ({@code creditgrid chaos --rounds 10}) and
 * its figures are in docs/reliability.md.
 */
class ChaosIT {

    @TempDir
    Path work;

    @Test
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyFaultRecoversWithNoDuplicateNoLossAndTheReferencesFinalOutputs() throws Exception {
        Chaos.Result r = new Chaos(new Chaos.Options(5, 7, 500, 100, Path.of("").toAbsolutePath(), work, null,
                Duration.ofMinutes(3), null, System.out)).run();

        assertThat(r.rounds()).extracting(Chaos.Round::fault).containsExactly(Fault.values());
        assertThat(r.rounds()).allSatisfy(round -> assertThat(round.recoverySeconds()).as(round.toString())
                .isPositive().isLessThan(180));
        // The faults did what they are for: the job failed over, or was resubmitted from what it retained.
        List<String> jobs = r.rounds().stream().map(Chaos.Round::job).toList();
        assertThat(jobs.get(0)).as("TaskManager killed").endsWith(", restarted");
        assertThat(jobs.get(1)).as("JobManager killed").startsWith("resubmitted from ").contains("/chk-");
        assertThat(jobs.get(3)).as("TaskManager paused").endsWith(", restarted");
        assertThat(jobs.get(4)).startsWith("resumed from savepoints/savepoint-");
        assertThat(r.rounds()).as("a draw stopped with its first task uncommitted; failovers seen")
                .allMatch(Chaos.Round::asIntended);

        assertThat(r.referenceInput().records()).as("the generator's input").isEqualTo(r.inputRecords());
        assertThat(r.chaosInput().missing()).as("the generator's input, through a broker restart").isZero();
        assertThat(r.chaosInput().unexpected()).as("records the generator did not send").isZero();
        assertThat(r.duplicates()).isZero();
        assertThat(r.lost()).isZero();
        Outputs.Comparison c = r.comparison();
        assertThat(c.profiles.compared).as("enterprises with a profile").isGreaterThan(400);
        assertThat(c.profiles.identical()).as(c.profiles.toString()).isTrue();
        assertThat(c.eventTriggers.compared).isPositive();
        assertThat(c.eventTriggers.identical()).as(c.eventTriggers.toString()).isTrue();
        assertThat(c.tasks.compared).as("the plan drew visits").isPositive();
        assertThat(c.tasks.identical()).as(c.tasks.toString()).isTrue();
        assertThat(c.draws.compared).isEqualTo(1);
        assertThat(c.draws.identical()).as(c.draws.toString()).isTrue();
        assertThat(r.passed()).isTrue();
    }
}
