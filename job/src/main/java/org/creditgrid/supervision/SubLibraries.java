package org.creditgrid.supervision;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.creditgrid.io.Resources;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;

/**
 * The inspection-object sub-libraries ("one list" of the regulators): each definition is a department's object
 * type, a rule over industry-code prefixes, licences, qualifications, district and pool (every criterion that is
 * given must hold; within one criterion any value will do). Membership goes through an index built once — by the
 * definition's first criterion and its district — so an enterprise is checked against a handful of candidates, not
 * every definition.
 */
public final class SubLibraries implements Serializable {

    public static final String DEFAULT_LOCATION = "classpath:rules/sub-libraries.json";

    public record Definition(String id, String department, String objectType, List<String> industryPrefixes,
                             List<Licence> licences, List<Qualification> qualifications, List<String> districts,
                             List<Pool> pools) implements Serializable {

        boolean admits(String industryCode, Collection<Licence> held, Collection<Qualification> quals,
                       String district, Pool pool) {
            return (industryPrefixes.isEmpty() || industryPrefixes.stream().anyMatch(industryCode::startsWith))
                    && (licences.isEmpty() || licences.stream().anyMatch(held::contains))
                    && (qualifications.isEmpty() || qualifications.stream().anyMatch(quals::contains))
                    && (districts.isEmpty() || districts.contains(district))
                    && (pools.isEmpty() || pools.contains(pool));
        }
    }

    public record Catalogue(String version, String method, List<Definition> definitions) {}

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private final String version;
    private final Set<String> ids = new HashSet<>();
    /** Definitions by "criterion@district" ("*" for the whole city); criterion = I:prefix, L:licence, Q:, P:, or "-". */
    private final Map<String, List<Definition>> index = new HashMap<>();

    private SubLibraries(Catalogue c) {
        this.version = c.version();
        for (Definition d : c.definitions()) {
            ids.add(d.id());
            List<String> criteria = new ArrayList<>();
            if (!d.industryPrefixes().isEmpty()) {
                d.industryPrefixes().forEach(p -> criteria.add("I:" + p));
            } else if (!d.licences().isEmpty()) {
                d.licences().forEach(l -> criteria.add("L:" + l));
            } else if (!d.qualifications().isEmpty()) {
                d.qualifications().forEach(q -> criteria.add("Q:" + q));
            } else if (!d.pools().isEmpty()) {
                d.pools().forEach(p -> criteria.add("P:" + p));
            } else {
                criteria.add("-");
            }
            List<String> districts = d.districts().isEmpty() ? List.of("*") : d.districts();
            for (String criterion : criteria) {
                for (String district : districts) {
                    index.computeIfAbsent(criterion + "@" + district, k -> new ArrayList<>()).add(d);
                }
            }
        }
    }

    public static SubLibraries load(String location) throws IOException {
        try (InputStream in = Resources.open(location)) {
            Catalogue c = MAPPER.readValue(in, Catalogue.class);
            Set<String> seen = new HashSet<>();
            for (Definition d : c.definitions()) {
                if (d.id() == null || !seen.add(d.id())) {
                    throw new IOException("sub-libraries " + location + " rejected: missing or repeated id " + d.id());
                }
            }
            return new SubLibraries(c);
        } catch (IOException e) {
            throw new IOException("sub-libraries " + location + " rejected: " + e.getMessage(), e);
        }
    }

    public String version() {
        return version;
    }

    public int size() {
        return ids.size();
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    public Set<String> ids() {
        return java.util.Collections.unmodifiableSet(ids);
    }

    /**
     * Memberships already worked out, by their inputs: every reassessment asks, and enterprises share few
     * combinations of industry, licences, qualifications, district and pool. Cleared when it holds
     * {@link #MEMO_LIMIT} (a bound on memory whatever the catalogue and the city).
     */
    private transient java.util.concurrent.ConcurrentHashMap<String, List<String>> memo;
    private static final int MEMO_LIMIT = 16_384;

    /** The ids of the sub-libraries an enterprise belongs to, sorted (a new list the caller may change). */
    public List<String> membership(String industryCode, Collection<Licence> licences,
                                   Collection<Qualification> qualifications, String district, Pool pool) {
        if (memo == null) {
            memo = new java.util.concurrent.ConcurrentHashMap<>();
        }
        String key = industryCode + '|' + licences + '|' + qualifications + '|' + district + '|' + pool;
        List<String> known = memo.get(key);
        if (known == null) {
            known = List.copyOf(compute(industryCode, licences, qualifications, district, pool));
            if (memo.size() >= MEMO_LIMIT) {
                memo.clear();
            }
            memo.put(key, known);
        }
        return new ArrayList<>(known);
    }

    private List<String> compute(String industryCode, Collection<Licence> licences,
                                 Collection<Qualification> qualifications, String district, Pool pool) {
        List<String> keys = new ArrayList<>();
        for (int len = 1; len <= Math.min(5, industryCode.length()); len++) {
            keys.add("I:" + industryCode.substring(0, len));
        }
        licences.forEach(l -> keys.add("L:" + l));
        qualifications.forEach(q -> keys.add("Q:" + q));
        keys.add("P:" + pool);
        keys.add("-");
        TreeSet<String> out = new TreeSet<>();
        for (String k : keys) {
            for (String scope : new String[] {"*", district}) {
                for (Definition d : index.getOrDefault(k + "@" + scope, List.of())) {
                    if (d.admits(industryCode, licences, qualifications, district, pool)) {
                        out.add(d.id());
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }
}
