package org.creditgrid.claim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.creditgrid.calendar.WorkingCalendar;
import org.creditgrid.io.Resources;

/**
 * The claim model's settings, from a versioned JSON file: how many enterprises make an address a cluster-registration
 * address, how many working days a manual-claim case may stay unclaimed before it escalates, and China's working
 * calendar those days are counted in (the State Council's holidays and make-up working days, per year).
 */
public record ClaimRules(String version, String description, int crowdedAddressLimit, int deadlineWorkingDays,
                         WorkingCalendar calendar) implements Serializable {

    /**
     * When a case escalates.
     *
     * @param at the instant (midnight, China time, ending the last working day)
     * @param provisional true when the count ran through a year the calendar does not know, so weekends were the only
     *     days off counted there (that year's holidays are not published yet)
     */
    public record Deadline(Instant at, boolean provisional) {}

    public static final String DEFAULT_LOCATION = "classpath:rules/claim-rules.json";
    /** Shared groups count their members exactly up to this many (see {@code SharedGroups}). */
    static final int EXACT_COUNT_LIMIT = org.creditgrid.risk.RiskRules.MAX_GROUP_THRESHOLD;
    private static final ZoneId CHINA = org.creditgrid.calendar.Window.CHINA;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClaimRules.class);
    /** Rules version and year already warned about: one line each, not one per case. */
    private static final java.util.Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    public static ClaimRules load(String location) throws IOException {
        ClaimRules rules;
        try (InputStream in = Resources.open(location)) {
            rules = MAPPER.readValue(in, ClaimRules.class);
        } catch (IOException e) {
            throw new IOException("claim rules " + location + " rejected: " + e.getMessage(), e);
        }
        if (rules.crowdedAddressLimit() < 1 || rules.crowdedAddressLimit() >= EXACT_COUNT_LIMIT) {
            throw new IOException("claim rules " + location + " rejected: crowdedAddressLimit must be 1.."
                    + (EXACT_COUNT_LIMIT - 1) + ", was " + rules.crowdedAddressLimit());
        }
        if (rules.calendar() == null || rules.calendar().years().isEmpty()) {
            throw new IOException("claim rules " + location + " rejected: calendar.years is missing or empty");
        }
        List<String> problems = rules.calendar().problems();
        if (!problems.isEmpty()) {
            throw new IOException("claim rules " + location + " rejected: " + String.join("; ", problems));
        }
        if (rules.deadlineWorkingDays() < 1) {
            throw new IOException("claim rules " + location + " rejected: deadlineWorkingDays must be positive");
        }
        return rules;
    }

    /** Whether this many active enterprises at one address make it a cluster-registration address. */
    public boolean crowded(int enterprisesAtAddress) {
        return enterprisesAtAddress > crowdedAddressLimit;
    }

    /**
     * When a case opened or handed on at {@code from} escalates: the end (midnight, China time) of the
     * {@code deadlineWorkingDays}-th working day after the day of {@code from}, in China's working calendar. A count
     * that runs into a year the calendar does not know counts Monday to Friday there, says so in the result and logs
     * it once per year and rules version.
     */
    public Deadline deadline(Instant from) {
        LocalDate day = from.atZone(CHINA).toLocalDate();
        boolean provisional = false;
        for (int left = deadlineWorkingDays; left > 0; ) {
            day = day.plusDays(1);
            if (!calendar.knows(day)) {
                provisional = true;
                if (WARNED.add(version + "/" + day.getYear())) {
                    LOG.warn("Claim rules {}: a manual-claim deadline runs into {}, which the working calendar does not"
                            + " know (it ends with {}): counting Monday to Friday there, and marking the deadline"
                            + " provisional. Add the State Council's notice for {} to the claim rules.", version,
                            day.getYear(), calendar.lastYear().isPresent() ? calendar.lastYear().getAsInt() : "no year",
                            day.getYear());
                }
            }
            if (calendar.isWorkingDay(day)) {
                left--;
            }
        }
        return new Deadline(day.plusDays(1).atStartOfDay(CHINA).toInstant(), provisional);
    }
}
