package org.creditgrid.calendar;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A period of the rules — "2 years", "3 months", "90 days" — counted as a calendar period in China time, never as
 * blocks of 365 days: a window that starts at an instant ends at the same China clock time on the same date a year
 * later (the anniversary), on the same day of a later month, or — where that month has no such day — on its last day
 * (as the Civil Code of the PRC, art. 202, ends a period that has no corresponding day). So 2021-03-01 + 3 years is
 * 2024-03-01 whatever the leap days between, 2024-02-29 + 1 year is 2025-02-28, and 2025-01-31 + 1 month is
 * 2025-02-28.
 *
 * <p>In a rules file a window is an ISO-8601 period ({@code "P2Y"}, {@code "P3M"}, {@code "P90D"}); a bare number is
 * read as that many days (the form of earlier rules versions).
 */
public record Window(Period period) implements Serializable {

    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    /** China has kept UTC+8 all year since its last daylight-saving period ended in September 1991. */
    private static final long FIXED_OFFSET_SINCE = Instant.parse("1992-01-01T00:00:00+08:00").toEpochMilli();
    private static final long OFFSET_MS = 8 * 3_600_000L;
    private static final long DAY_MS = 86_400_000L;
    /** A fixed day to compare windows of different units by (a leap year's 1 January). */
    private static final LocalDate REFERENCE = LocalDate.of(2024, 1, 1);

    /** A window may be empty ({@code P0D}: nothing counts, e.g. no wait before credit repair), never negative. */
    public Window {
        if (period == null || period.isNegative()) {
            throw new IllegalArgumentException("a window must be a period of zero or more, was " + period);
        }
    }

    /** Whether nothing fits in it ({@code P0D}). */
    public boolean empty() {
        return period.isZero();
    }

    public static Window of(String iso) {
        return new Window(Period.parse(iso));
    }

    public static Window days(int days) {
        return new Window(Period.ofDays(days));
    }

    public static Window years(int years) {
        return new Window(Period.ofYears(years));
    }

    /** Reads a rules file's value: an ISO-8601 period, or a number of days. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Window fromJson(Object value) {
        if (value instanceof Number n) {
            return days(n.intValue());
        }
        if (value instanceof String s) {
            try {
                return of(s);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + s + "' is not an ISO-8601 period such as P2Y, P3M or P90D");
            }
        }
        throw new IllegalArgumentException("a window is an ISO-8601 period or a number of days, was " + value);
    }

    @JsonValue
    @Override
    public String toString() {
        return period.toString();
    }

    /** The instant (epoch ms) this window ends when it starts at {@code start} (epoch ms), in China time. */
    public long end(long start) {
        if (start >= FIXED_OFFSET_SINCE) {
            // UTC+8 all year since 1992: date arithmetic on the China day, the clock time carried over.
            long local = start + OFFSET_MS;
            long day = Math.floorDiv(local, DAY_MS);
            return LocalDate.ofEpochDay(day).plus(period).toEpochDay() * DAY_MS + Math.floorMod(local, DAY_MS)
                    - OFFSET_MS;
        }
        return Instant.ofEpochMilli(start).atZone(CHINA).plus(period).toInstant().toEpochMilli();
    }

    /** The instant (epoch ms) this window starts when it ends at {@code end} (epoch ms), in China time. */
    public long start(long end) {
        return Instant.ofEpochMilli(end).atZone(CHINA).minus(period).toInstant().toEpochMilli();
    }

    /** Whether {@code asOf} lies before the end of the window that starts at {@code start}. */
    public boolean open(long start, long asOf) {
        return asOf < end(start);
    }

    /** Whether this window is longer than {@code other} (compared from one fixed day). */
    public boolean longerThan(Window other) {
        return REFERENCE.plus(period).isAfter(REFERENCE.plus(other.period));
    }
}
