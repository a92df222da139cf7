package org.creditgrid.supervision;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.creditgrid.io.Resources;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.creditgrid.schema.RiskClass;

/**
 * Which supervision pool an enterprise is in (RULES.md): PRUDENT for key fields by industry prefix or licence and for
 * every enterprise in the listed classes; INCLUSIVE for high-tech and cultural-creative enterprises by qualification
 * or industry; GENERAL otherwise. PRUDENT takes precedence over INCLUSIVE. Loaded from a versioned JSON file.
 */
public record PoolRules(String version, String description, Prudent prudent, Inclusive inclusive, Sampling sampling) {

    /**
     * Smart exclusion in random inspections: not drawn again for a department's inspection type within
     * {@code exclusion} (a calendar period in China time), unless in one of {@code exemptPools}.
     */
    public record Sampling(@com.fasterxml.jackson.annotation.JsonAlias("exclusionDays") org.creditgrid.calendar.Window exclusion,
                           List<Pool> exemptPools, String description) {}

    public record Prudent(Map<String, String> industryPrefixes, List<Licence> licences, List<RiskClass> classes) {}

    public record Inclusive(Map<String, String> industryPrefixes, List<Qualification> qualifications) {}

    /** The pool with the evidence for it. */
    public record Decision(Pool pool, String reason) {}

    public static final String DEFAULT_LOCATION = "classpath:rules/pool-rules.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    public static PoolRules load(String location) throws IOException {
        PoolRules rules;
        try (InputStream in = Resources.open(location)) {
            rules = MAPPER.readValue(in, PoolRules.class);
        } catch (IOException e) {
            throw new IOException("pool rules " + location + " rejected: " + e.getMessage(), e);
        }
        if (rules.version() == null || rules.prudent() == null || rules.inclusive() == null
                || rules.prudent().industryPrefixes() == null || rules.inclusive().industryPrefixes() == null
                || rules.sampling() == null || rules.sampling().exclusion() == null) {
            throw new IOException("pool rules " + location
                    + " rejected: version, prudent, inclusive and sampling (with an exclusion period) are required");
        }
        if (rules.sampling().exclusion().longerThan(LONGEST_EXCLUSION)) {
            throw new IOException("pool rules " + location + " rejected: the exclusion period "
                    + rules.sampling().exclusion() + " is longer than the " + LONGEST_EXCLUSION
                    + " of inspections an enterprise remembers");
        }
        return rules;
    }

    /** Enterprises remember their inspections of the last 400 days: an exclusion may not look further back. */
    static final org.creditgrid.calendar.Window LONGEST_EXCLUSION = org.creditgrid.calendar.Window.of("P13M");

    public Decision route(String industryCode, Collection<Licence> licences, Collection<Qualification> qualifications,
                          RiskClass riskClass) {
        String prudentIndustry = longestPrefix(prudent.industryPrefixes(), industryCode);
        if (prudentIndustry != null) {
            return new Decision(Pool.PRUDENT, "key-field industry " + prudentIndustry + " ("
                    + prudent.industryPrefixes().get(prudentIndustry) + ")");
        }
        for (Licence l : licences) {
            if (prudent.licences().contains(l)) {
                return new Decision(Pool.PRUDENT, "key-field licence " + l);
            }
        }
        if (prudent.classes().contains(riskClass)) {
            return new Decision(Pool.PRUDENT, "risk class " + riskClass);
        }
        for (Qualification q : qualifications) {
            if (inclusive.qualifications().contains(q)) {
                return new Decision(Pool.INCLUSIVE, "qualification " + q);
            }
        }
        String inclusiveIndustry = longestPrefix(inclusive.industryPrefixes(), industryCode);
        if (inclusiveIndustry != null) {
            return new Decision(Pool.INCLUSIVE, "industry " + inclusiveIndustry + " ("
                    + inclusive.industryPrefixes().get(inclusiveIndustry) + ")");
        }
        return new Decision(Pool.GENERAL, "no key-field or inclusive criterion");
    }

    /** Industry codes are at most 5 characters: try each prefix, longest first, in the hash map. */
    private static String longestPrefix(Map<String, String> prefixes, String code) {
        for (int len = Math.min(code.length(), 5); len >= 1; len--) {
            String p = code.substring(0, len);
            if (prefixes.containsKey(p)) {
                return p;
            }
        }
        return null;
    }
}
