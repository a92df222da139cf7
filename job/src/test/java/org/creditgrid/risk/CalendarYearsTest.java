package org.creditgrid.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.code;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.creditgrid.Fixtures;
import org.creditgrid.RealWorld;
import org.creditgrid.schema.AnnualReport;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Years, months and days of the risk rules as calendar periods in China time: the corpus, and a seeded property. */
class CalendarYearsTest {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static RiskModel model;
    final String code = code(7);

    @BeforeAll
    static void load() throws Exception {
        model = new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION));
    }

    static Stream<Arguments> corpus() {
        return RealWorld.cases("calendar-years.csv");
    }

    @ParameterizedTest(name = "{0} {1} {2} at {3}: {4} {5}")
    @MethodSource("corpus")
    void realWorldCalendarPeriods(String kind, String established, String eventAt, String asOf, String indicator,
                                  String counts, String source) {
        EnterpriseRegistration r = registration(LocalDate.parse(established));
        List<EnforcementEvent> ledger = switch (kind) {
            case "AGE" -> List.of();
            case "PENALTY" -> List.of(Fixtures.fine(code, "p", instant(eventAt), 50_000, PenaltyField.GENERAL, false));
            case "MINOR_FINE" -> List.of(Fixtures.fine(code, "p", instant(eventAt), 2_000, PenaltyField.GENERAL, false));
            case "OVERDUE" -> List.of(Fixtures.event(code, "o", instant(eventAt), EventKind.ANNUAL_REPORT_OVERDUE,
                    new AnnualReport(2023)));
            default -> throw new IllegalArgumentException(kind);
        };
        Assessment a = model.assess(r, ledger, List.of(), instant(asOf).toEpochMilli());
        assertThat(a.reasons().stream().map(Reason::getIndicator).toList().contains(indicator))
                .as(source).isEqualTo(Boolean.parseBoolean(counts));
    }

    /**
     * Seeded property: the age indicators follow the anniversaries in China time, computed here by hand (same month
     * and day, the month's last day when it has no such day), and the assessment is due again exactly at the next one.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void ageBandsChangeOnAnniversariesInChinaTime(long seed) {
        Random random = new Random(seed);
        LocalDate established = LocalDate.of(2016, 1, 1).plusDays(random.nextInt(3_650));
        if (random.nextInt(4) == 0) { // leap days and month ends are where 365-day blocks go wrong
            established = LocalDate.of(2016 + 4 * random.nextInt(3), 2, 29);
        }
        long first = anniversary(established, 1);
        long third = anniversary(established, 3);
        long asOf = switch (random.nextInt(5)) {
            case 0 -> first - 1;
            case 1 -> first;
            case 2 -> third - 1;
            case 3 -> third;
            default -> first + (long) (random.nextDouble() * (third - first));
        };
        Assessment a = model.assess(registration(established), List.of(), List.of(), asOf);
        List<String> indicators = a.reasons().stream().map(Reason::getIndicator).toList();
        assertThat(indicators.contains("basic.age_under_1y")).as("under 1 year").isEqualTo(asOf < first);
        assertThat(indicators.contains("basic.age_1_to_3y")).as("1 to 3 years")
                .isEqualTo(asOf >= first && asOf < third);
        long shortHistory = established.plusDays(90).atStartOfDay(CHINA).toInstant().toEpochMilli();
        long due = asOf < shortHistory ? shortHistory : asOf < first ? first : asOf < third ? third : Long.MAX_VALUE;
        assertThat(a.validUntil()).as("the next anniversary").isEqualTo(due);
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    /** The n-th anniversary of a date at midnight China time, by hand: same month and day, or the month's last day. */
    private static long anniversary(LocalDate d, int years) {
        int year = d.getYear() + years;
        int day = Math.min(d.getDayOfMonth(), java.time.YearMonth.of(year, d.getMonth()).lengthOfMonth());
        return LocalDate.of(year, d.getMonth(), day).atStartOfDay(CHINA).toInstant().toEpochMilli();
    }

    private EnterpriseRegistration registration(LocalDate established) {
        EnterpriseRegistration r = Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
        r.setIndustryCode("F5261"); // no high-risk industry
        r.setEstablishedDate(established);
        return r;
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }
}
