package org.creditgrid.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.creditgrid.io.Resources;

/**
 * The administrative division codes of GB/T 2260 (county level and above, 1980 to the data's last year), current and
 * historical, from the versioned data file {@code divisions/divisions.csv} (its header gives the sources: the
 * Ministry of Civil Affairs' yearly code lists and change records, and the National Bureau of Statistics' lists,
 * which alone print the 市辖区 codes). A unified social credit code keeps its registering authority's division for
 * life (GB 32100-2015, positions 3-8), so a code registered in the former 萝岗区 (440116, merged into 黄埔区 440112
 * in 2014) still says 440116: {@link #current(String)} follows it to its successor.
 */
public final class Divisions implements Serializable {

    public static final String DEFAULT_LOCATION = "classpath:divisions/divisions.csv";

    /** How a code's level is written in the file. */
    public enum Level {
        /** 100000: a national-level registration authority (not a GB/T 2260 code; see the file's header). */
        NATIONAL,
        /** xx0000: a province, autonomous region, municipality or SAR. */
        PROVINCE,
        /** xxyy00: a prefecture-level city or region; as a registering authority, city level. */
        PREFECTURE,
        /** xxyy01 (市辖区): the city-level registering authority of a prefecture-level city. */
        CITY_LEVEL,
        /** A district, county or county-level city. */
        COUNTY
    }

    /**
     * One code.
     *
     * @param successor for a historical code, the current code that took over its territory; null for a current one
     */
    public record Division(String code, String name, Level level, boolean current, String successor,
                           int firstYear, int lastYear) implements Serializable {

        /** Whether a registering authority with this code is above county level (a city, a province). */
        public boolean aboveCounty() {
            return level != Level.COUNTY;
        }
    }

    private static volatile Divisions standard;

    private final Map<String, Division> byCode;
    private final int lastYear;

    private Divisions(Map<String, Division> byCode) {
        this.byCode = byCode;
        this.lastYear = byCode.values().stream().mapToInt(Division::lastYear).max().orElse(0);
    }

    /** The table shipped with the job ({@link #DEFAULT_LOCATION}), loaded once per JVM. */
    public static Divisions standard() {
        Divisions d = standard;
        if (d == null) {
            synchronized (Divisions.class) {
                if (standard == null) {
                    try {
                        standard = load(DEFAULT_LOCATION);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                d = standard;
            }
        }
        return d;
    }

    /**
     * Reads a division file: {@code #} comment lines, a header {@code code,name,level,status,successor,first_year,
     * last_year}, then one row per code.
     *
     * @throws IOException if a row is malformed or a successor is not a current code of the file
     */
    public static Divisions load(String location) throws IOException {
        Map<String, Division> byCode = new HashMap<>();
        try (InputStream in = Resources.open(location);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 7 || !f[0].matches("\\d{6}")) {
                    throw new IOException("divisions " + location + " line " + n + ": expected 7 fields, a 6-digit code");
                }
                byCode.put(f[0], new Division(f[0], f[1], Level.valueOf(f[2].toUpperCase(java.util.Locale.ROOT)),
                        f[3].equals("current"), f[4].isEmpty() ? null : f[4], Integer.parseInt(f[5]),
                        Integer.parseInt(f[6])));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("divisions " + location + " rejected: " + e.getMessage(), e);
        }
        for (Division d : byCode.values()) {
            if (d.successor() != null && (byCode.get(d.successor()) == null || !byCode.get(d.successor()).current())) {
                throw new IOException("divisions " + location + ": successor " + d.successor() + " of " + d.code()
                        + " is not a current code");
            }
        }
        return new Divisions(Collections.unmodifiableMap(byCode));
    }

    /** The division a code names, current or historical; empty when GB/T 2260 never had it. */
    public Optional<Division> of(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /**
     * The division in force for a code: the code's own if it is current, else its successor's; empty when the code
     * names no division, or a historical one whose successor the data cannot tell.
     */
    public Optional<Division> current(String code) {
        Division d = byCode.get(code);
        if (d == null || d.current()) {
            return Optional.ofNullable(d);
        }
        return Optional.ofNullable(d.successor() == null ? null : byCode.get(d.successor()));
    }

    /**
     * A code's name as a reader expects it: a city-level authority's with its city in front (440101 → 广州市市辖区);
     * the code itself when it names no division.
     */
    public String displayName(String code) {
        Division d = byCode.get(code);
        if (d == null) {
            return code;
        }
        if (d.level() == Level.CITY_LEVEL) {
            Division city = byCode.get(code.substring(0, 4) + "00");
            return (city == null ? "" : city.name()) + d.name();
        }
        return d.name();
    }

    /** The county-level divisions under a prefecture ({@code xxyy}), current and historical. */
    public List<Division> countiesOf(String prefecture4) {
        return byCode.values().stream()
                .filter(d -> d.level() == Level.COUNTY && d.code().startsWith(prefecture4))
                .sorted(java.util.Comparator.comparing(Division::code)).toList();
    }

    /** The last year of the lists the table was built from. */
    public int lastYear() {
        return lastYear;
    }
}
