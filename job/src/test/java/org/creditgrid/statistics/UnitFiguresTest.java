package org.creditgrid.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.at;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.internal.UnitStatisticsState;
import org.creditgrid.schema.UnitStatistics;
import org.junit.jupiter.api.Test;

/** The figures' rules: tasks per calendar year in China time, the last day's hours, names that follow the grid. */
class UnitFiguresTest {

    private static UnitStatisticsState fold(List<StatisticsDelta> deltas, String id) {
        UnitStatisticsState s = null;
        for (StatisticsDelta d : deltas) {
            if (d.getId().equals(id)) {
                if (s == null) {
                    s = UnitFigures.empty(d);
                }
                UnitFigures.apply(s, d);
            }
        }
        return s;
    }

    private static StatisticsDelta drawn(Instant t) {
        StatisticsDelta d = StatisticsDeltas.places("440106001", null, "440106", null, t.toEpochMilli()).get(0);
        d.setDrawn(1);
        return d;
    }

    @Test
    void tasksCountInTheirCalendarYearInChinaTimeAndALaterYearStartsAfresh() {
        // 2025-12-31T16:30Z is 2026-01-01 00:30 in Guangzhou.
        UnitStatisticsState s = fold(List.of(drawn(Instant.parse("2025-06-01T00:00:00Z")),
                drawn(Instant.parse("2025-12-31T15:30:00Z"))), "440106001");
        UnitStatistics f = UnitFigures.publish(s, Long.MIN_VALUE, 0);
        assertThat(f.getTasks().getYear()).isEqualTo(2025);
        assertThat(f.getTasks().getDrawn()).isEqualTo(2);
        UnitFigures.apply(s, drawn(Instant.parse("2025-12-31T16:30:00Z")));
        UnitFigures.apply(s, drawn(Instant.parse("2025-11-01T00:00:00Z"))); // an earlier year's, late: not counted
        f = UnitFigures.publish(s, Long.MIN_VALUE, 0);
        assertThat(f.getTasks().getYear()).isEqualTo(2026);
        assertThat(f.getTasks().getDrawn()).isEqualTo(1);
    }

    @Test
    void aUnitTakesTheNameAndDistrictOfItsLatestProfile() {
        StatisticsDelta before = StatisticsDeltas.places("U", "旧名", "440106", null, 0).get(0);
        StatisticsDelta after = StatisticsDeltas.places("U", "新名", "440111", null, 1).get(0);
        UnitStatistics f = UnitFigures.publish(fold(List.of(before, after), "U"), Long.MIN_VALUE, 0);
        assertThat(f.getName()).isEqualTo("新名");
        assertThat(f.getDistrictCode()).isEqualTo("440111");
    }

    @Test
    void theLastDayIsTheHourOfAsOfAndThe23Before() {
        Instant asOf = Instant.parse("2025-05-02T10:30:00Z");
        StatisticsDelta inside = StatisticsDeltas.places("U", null, null, null,
                asOf.minus(Duration.ofHours(23)).minus(Duration.ofMinutes(30)).toEpochMilli()).get(0); // 2025-05-01T11:00
        inside.setTriggers(1);
        StatisticsDelta outside = StatisticsDeltas.places("U", null, null, null,
                asOf.minus(Duration.ofHours(23)).minus(Duration.ofMinutes(31)).toEpochMilli()).get(0); // 10:59
        outside.setTriggers(1);
        UnitStatisticsState s = fold(List.of(inside, outside), "U");
        UnitStatistics f = UnitFigures.publish(s, asOf.toEpochMilli(), 0);
        assertThat(f.getTriggersLastDay()).isEqualTo(1);
        assertThat(f.getAsOf()).isEqualTo(asOf);
        assertThat(s.getHours()).as("the hour out of the window is dropped").hasSize(1);
    }
}
