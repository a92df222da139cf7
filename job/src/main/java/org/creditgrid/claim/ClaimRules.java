package org.creditgrid.claim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.creditgrid.io.Resources;

/**
 * The claim model's settings, from a versioned JSON file: how many enterprises make an address a cluster-registration
 * address, and how many working days a manual-claim case may stay unclaimed before it escalates.
 */
public record ClaimRules(String version, String description, int crowdedAddressLimit, int deadlineWorkingDays,
                         List<String> holidays) implements Serializable {

    public static final String DEFAULT_LOCATION = "classpath:rules/claim-rules.json";
    /** Shared groups count their members exactly up to this many (see {@code SharedGroups}). */
    static final int EXACT_COUNT_LIMIT = 50;
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
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
        try {
            rules.holidays().forEach(LocalDate::parse);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("claim rules " + location + " rejected: holidays are ISO dates: " + e.getMessage(), e);
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
     * {@code deadlineWorkingDays}-th working day after the day of {@code from}.
     */
    public Instant deadline(Instant from) {
        LocalDate day = from.atZone(CHINA).toLocalDate();
        for (int left = deadlineWorkingDays; left > 0; ) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !holidays.contains(day.toString())) {
                left--;
            }
        }
        return day.plusDays(1).atStartOfDay(CHINA).toInstant();
    }
}
