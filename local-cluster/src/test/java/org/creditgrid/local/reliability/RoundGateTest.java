package org.creditgrid.local.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class RoundGateTest {

    @Test
    void theStreamHoldsAtEachPositionUntilReleasedAndEqualPositionsAreEachReached() throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        RoundGate gate = new RoundGate((topic, key, value, ts) -> sent.add(topic), 0, new long[] {3, 5, 5});
        Thread generator = new Thread(() -> {
            for (int i = 0; i < 8; i++) {
                gate.send("r" + i, null, null, 0);
            }
            gate.finish();
        });
        generator.start();
        gate.awaitReached(0);
        Thread.sleep(50);
        assertThat(sent).as("held before the fourth record").hasSize(3);
        gate.release(0);
        gate.awaitReached(1);
        Thread.sleep(50);
        assertThat(sent).hasSize(5);
        gate.release(1);
        gate.awaitReached(2);
        Thread.sleep(50);
        assertThat(sent).as("the second round at the same position holds too").hasSize(5);
        gate.release(2);
        generator.join(5_000);
        assertThat(sent).hasSize(8);
        assertThat(gate.sent()).isEqualTo(8);
    }

    @Test
    void afterAHoldTheRateStartsAgainWithoutABurst() throws Exception {
        RoundGate gate = new RoundGate((topic, key, value, ts) -> { }, 100, new long[] {1});
        Thread generator = new Thread(() -> {
            for (int i = 0; i < 11; i++) {
                gate.send("t", null, null, 0);
            }
        });
        generator.start();
        gate.awaitReached(0);
        Thread.sleep(500); // a hold five times longer than the ten records' pace
        long released = System.nanoTime();
        gate.release(0);
        generator.join(5_000);
        double seconds = (System.nanoTime() - released) / 1e9;
        assertThat(seconds).as("ten records at 100/s after the hold").isBetween(0.08, 1.0);
    }
}
