package org.creditgrid.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixed-offset path of {@link Window#end} agrees with the time-zone rules of Asia/Shanghai. */
class WindowTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 500);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void endAgreesWithTheZoneRules(long seed) {
        Random r = new Random(seed);
        String[] periods = {"P1Y", "P2Y", "P3Y", "P12M", "P3M", "P6M", "P1M", "P90D", "P1D", "P0D", "P1Y2M3D"};
        Window w = Window.of(periods[r.nextInt(periods.length)]);
        long from = Instant.parse("1985-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2035-01-01T00:00:00Z").toEpochMilli();
        long start = from + (long) (r.nextDouble() * (to - from));
        long expected = Instant.ofEpochMilli(start).atZone(ZoneId.of("Asia/Shanghai")).plus(w.period()).toInstant()
                .toEpochMilli();
        assertThat(w.end(start)).as("%s from %s", w, Instant.ofEpochMilli(start)).isEqualTo(expected);
    }
}
