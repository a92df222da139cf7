package org.creditgrid.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The soak's short version: 60 checkpoints at 100 ms, a small city streamed in first. The long run (10,000 checkpoints) is
 * {@code creditgrid soak}, its figures in docs/reliability.md. With pooled transactional ids: the connector leaks an
 * admin client per sink subtask start with them, so this class runs last in the module (failsafe runs classes in
 * name order) and its clients give up the lost broker instead of looping.
 */
class SoakIT {

    @Test
    void transactionalIdsStayPooledAndTheHeapFlat() throws Exception {
        Soak.Result r = new Soak(new Soak.Options(60, Duration.ofMillis(100), 300, 200, 3,
                Duration.ofSeconds(1), Duration.ofMinutes(4), null, true)).run();
        System.out.println("SoakIT: " + Soak.line(r));
        assertThat(r.reached()).isTrue();
        assertThat(r.samples()).hasSizeGreaterThanOrEqualTo(6);
        Soak.Sample last = r.samples().get(r.samples().size() - 1);
        assertThat(last.checkpoints()).isGreaterThanOrEqualTo(60);
        assertThat(r.finalStatus()).as("the job ran to the end (no restart strategy: a failure ends it)")
                .isEqualTo("RUNNING");
        // 11 sinks at parallelism 2; a new id per checkpoint would give thousands.
        assertThat(last.sinkSubtasks()).isBetween(1L, 22L);
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.maxIdsPerSubtask()).isLessThanOrEqualTo(
                Soak.IDS_PER_SUBTASK));
        assertThat(last.transactionalIds()).isLessThan(last.checkpoints());
        assertThat(r.problems()).isEmpty();
        assertThat(r.passed()).isTrue();
    }
}
