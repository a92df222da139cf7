package org.creditgrid.calendar;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Mainland China's working days, year by year, as the State Council General Office publishes them each November for
 * the next year (国务院办公厅关于 YYYY 年部分节假日安排的通知): the public holidays, and the make-up working days (调休)
 * that turn a Saturday or Sunday into a working day. A day is a working day if it is a make-up working day, or a
 * Monday to Friday that is not a holiday.
 *
 * <p>Only the years listed are known. A day of any other year is counted Monday to Friday, and whoever asks learns
 * it was a guess ({@link #knows(LocalDate)}): the next year's notice is not out before November.
 *
 * @param years each year's notice, keyed by the year (e.g. {@code 2026})
 */
public record WorkingCalendar(Map<Integer, Year> years) implements Serializable {

    /**
     * One year's notice.
     *
     * @param notice the notice's title and number, e.g. 国办发明电〔2025〕7号
     * @param published the date it was published (ISO)
     * @param source where its text is published
     * @param holidays every day off, ISO dates of this year
     * @param workingDays the make-up working days (Saturdays and Sundays worked), ISO dates of this year
     */
    public record Year(String notice, String published, String source, Set<String> holidays,
                       Set<String> workingDays) implements Serializable {}

    public WorkingCalendar {
        years = years == null ? new TreeMap<>() : new TreeMap<>(years);
    }

    /**
     * The problems of the file, each with the year: dates that do not parse or lie in another year, a make-up day
     * that is not a Saturday or Sunday, a day both a holiday and a working day, a gap between the years known.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Integer previous = null;
        for (Map.Entry<Integer, Year> e : years.entrySet()) {
            int year = e.getKey();
            Year y = e.getValue();
            if (previous != null && year != previous + 1) {
                problems.add("calendar years must follow each other: " + previous + " then " + year);
            }
            previous = year;
            if (y.holidays() == null || y.workingDays() == null || y.notice() == null || y.source() == null) {
                problems.add(year + ": needs notice, source, holidays and workingDays");
                continue;
            }
            Set<LocalDate> off = new HashSet<>();
            for (String d : y.holidays()) {
                LocalDate day = parse(d, year, problems);
                if (day != null) {
                    off.add(day);
                }
            }
            for (String d : y.workingDays()) {
                LocalDate day = parse(d, year, problems);
                if (day == null) {
                    continue;
                }
                if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    problems.add(year + ": make-up working day " + d + " is a " + day.getDayOfWeek()
                            + ", not a Saturday or Sunday");
                }
                if (off.contains(day)) {
                    problems.add(year + ": " + d + " is both a holiday and a working day");
                }
            }
        }
        return problems;
    }

    /** Whether {@code day}'s year is in the calendar (otherwise {@link #isWorkingDay} guesses Monday to Friday). */
    public boolean knows(LocalDate day) {
        return years.containsKey(day.getYear());
    }

    /** The last year the calendar knows, or empty when it knows none. */
    public java.util.OptionalInt lastYear() {
        return years.isEmpty() ? java.util.OptionalInt.empty()
                : java.util.OptionalInt.of(((TreeMap<Integer, Year>) years).lastKey());
    }

    public boolean isWorkingDay(LocalDate day) {
        Year y = years.get(day.getYear());
        String iso = day.toString();
        if (y != null && y.workingDays().contains(iso)) {
            return true;
        }
        boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
        return !weekend && (y == null || !y.holidays().contains(iso));
    }

    private static LocalDate parse(String iso, int year, List<String> problems) {
        try {
            LocalDate day = LocalDate.parse(iso);
            if (day.getYear() != year) {
                problems.add(year + ": " + iso + " is not in " + year);
                return null;
            }
            return day;
        } catch (DateTimeParseException | NullPointerException e) {
            problems.add(year + ": '" + iso + "' is not an ISO date");
            return null;
        }
    }
}
