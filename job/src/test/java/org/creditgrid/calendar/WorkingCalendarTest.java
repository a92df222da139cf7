package org.creditgrid.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.creditgrid.RealWorld;
import org.creditgrid.claim.ClaimRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** China's working calendar in the claim rules, and the manual-claim deadlines counted in it. */
class WorkingCalendarTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static ClaimRules rules;

    @BeforeAll
    static void load() throws Exception {
        rules = ClaimRules.load(ClaimRules.DEFAULT_LOCATION);
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> deadlines() {
        return RealWorld.cases("claim-deadlines.csv");
    }

    @ParameterizedTest(name = "{0} -> {1} ({3})")
    @MethodSource("deadlines")
    void realWorldDeadlines(String opened, String deadline, String provisional, String source) {
        ClaimRules.Deadline d = rules.deadline(Instant.parse(opened));
        assertThat(d.at()).as(source).isEqualTo(Instant.parse(deadline));
        assertThat(d.provisional()).as(source).isEqualTo(Boolean.parseBoolean(provisional));
    }

    @Test
    void theShippedCalendarKnows2025And2026Completely() {
        WorkingCalendar c = rules.calendar();
        // Days off per year by the notices: 2025 has 28 (New Year 1, Spring Festival 8, Qingming 3, Labour Day 5,
        // Dragon Boat 3, National Day with Mid-Autumn 8), 2026 has 33 (3, 9, 3, 5, 3, 3, 7).
        assertThat(c.years().get(2025).holidays()).hasSize(28);
        assertThat(c.years().get(2025).workingDays()).containsExactlyInAnyOrder(
                "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11");
        assertThat(c.years().get(2026).holidays()).hasSize(33);
        assertThat(c.years().get(2026).workingDays()).containsExactlyInAnyOrder(
                "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10");
        assertThat(c.problems()).isEmpty();
    }

    /** Seeded property: from any instant, exactly the rules' number of working days lie up to the deadline. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDeadlineEndsTheNthWorkingDayAfterTheDayOpened(long seed) {
        Random random = new Random(seed);
        long from = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2027-03-01T00:00:00Z").toEpochMilli();
        Instant opened = Instant.ofEpochMilli(from + (long) (random.nextDouble() * (to - from)));
        ClaimRules.Deadline d = rules.deadline(opened);
        LocalDate openedDay = opened.atZone(CHINA).toLocalDate();
        LocalDate last = d.at().atZone(CHINA).toLocalDate().minusDays(1);
        assertThat(d.at().atZone(CHINA).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
        assertThat(rules.calendar().isWorkingDay(last)).isTrue();
        long working = openedDay.plusDays(1).datesUntil(last.plusDays(1)).filter(rules.calendar()::isWorkingDay).count();
        assertThat(working).isEqualTo(rules.deadlineWorkingDays());
        assertThat(d.provisional()).isEqualTo(last.getYear() > 2026);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 200);
    }

    @Test
    void aCalendarThatContradictsItselfIsRejected() {
        WorkingCalendar weekdayMakeUp = new WorkingCalendar(Map.of(2026, new WorkingCalendar.Year("n", "2025-11-04",
                "s", Set.of("2026-10-01"), Set.of("2026-10-09"))));
        assertThat(weekdayMakeUp.problems()).singleElement().asString().contains("2026-10-09 is a FRIDAY");
        WorkingCalendar both = new WorkingCalendar(Map.of(2026, new WorkingCalendar.Year("n", "2025-11-04",
                "s", Set.of("2026-10-10"), Set.of("2026-10-10"))));
        assertThat(both.problems()).singleElement().asString().contains("both a holiday and a working day");
        WorkingCalendar wrongYear = new WorkingCalendar(Map.of(2026, new WorkingCalendar.Year("n", "2025-11-04",
                "s", Set.of("2025-10-01"), Set.of())));
        assertThat(wrongYear.problems()).singleElement().asString().contains("not in 2026");
        WorkingCalendar gap = new WorkingCalendar(Map.of(
                2024, new WorkingCalendar.Year("n", "p", "s", Set.of(), Set.of()),
                2026, new WorkingCalendar.Year("n", "p", "s", Set.of(), Set.of())));
        assertThat(gap.problems()).singleElement().asString().contains("follow each other");
    }
}
