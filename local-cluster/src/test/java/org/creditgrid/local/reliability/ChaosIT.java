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
 * The chaos rounds' short version, on the local cluster's processes against a fault-free run of the same seed: a
 * 500-entity city at 100 records/s through three rounds — {@code kill -9} of a TaskManager, {@code kill -9} of the
 * broker, stop-with-savepoint in the middle of a plan draw. The JobManager kill and the TaskManager pause, and ten
 * rounds of all five at 10,000 entities, are the long run ({@code creditgrid chaos --rounds 10}), with its figures in
 * docs/reliability.md: each round here costs half a minute of {@code mvn verify}.
 */
class ChaosIT {

    @TempDir
    Path work;

    @Test
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyFaultRecoversWithNoDuplicateNoLossAndTheReferencesFinalOutputs() throws Exception {
        List<Fault> faults = List.of(Fault.TASKMANAGER_KILL, Fault.BROKER_KILL, Fault.SAVEPOINT_IN_DRAW);
        Chaos.Result r = new Chaos(new Chaos.Options(faults.size(), faults, 7, 500, 100,
                Path.of("").toAbsolutePath(), work, null, Duration.ofMinutes(3), null, System.out)).run();

        assertThat(r.rounds()).extracting(Chaos.Round::fault).containsExactlyElementsOf(faults);
        assertThat(r.rounds()).allSatisfy(round -> assertThat(round.recoverySeconds()).as(round.toString())
                .isPositive().isLessThan(180));
        // The faults did what they are for: the job failed over, or resumed from its savepoint.
        List<String> jobs = r.rounds().stream().map(Chaos.Round::job).toList();
        assertThat(jobs.get(0)).as("TaskManager killed").endsWith(", restarted");
        assertThat(jobs.get(2)).startsWith("resumed from savepoints/savepoint-");
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
