package org.creditgrid.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.at;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.internal.UnitStatisticsState;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.StatisticsLevel;
import org.creditgrid.schema.UnitStatistics;
import org.junit.jupiter.api.Test;

/** The figures' rules: tasks per calendar year in China time, claim cases open per district, the last day's hours. */
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
    void aClaimCaseIsOpenInItsDistrictAndTheCityUntilClaimedOrWithdrawn() {
        List<StatisticsDelta> all = new java.util.ArrayList<>();
        for (ClaimStatus status : List.of(ClaimStatus.OPEN, ClaimStatus.RETURNED, ClaimStatus.ESCALATED,
                ClaimStatus.OPEN, ClaimStatus.CLAIMED)) {
            all.addAll(StatisticsDeltas.of(ClaimRequest.newBuilder().setRequestId("R").setCreditCode("X")
                    .setStatus(status).setReason(ClaimReason.NO_EVIDENCE).setDetail("").setAddress("")
                    .setCandidateUnits(List.of()).setDistrictCode("440106").setEventTime(at(1))
                    .setDeadlineProvisional(false).build()));
        }
        assertThat(all).extracting(StatisticsDelta::getLevel).doesNotContain(StatisticsLevel.UNIT);
        assertThat(UnitFigures.publish(fold(all, "440106"), Long.MIN_VALUE, 0).getOpenClaimCases()).isEqualTo(1);
        assertThat(UnitFigures.publish(fold(all, StatisticsDeltas.CITY), Long.MIN_VALUE, 0).getOpenClaimCases())
                .isEqualTo(1);
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
