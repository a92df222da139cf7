package org.creditgrid.claim;

import com.ibm.icu.text.Transliterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.Map;
import org.creditgrid.io.Resources;

/**
 * Folds the characters of an address to one spelling per character, in this order:
 * <ol>
 *   <li>Unicode NFKC: full-width digits and letters, compatibility ideographs, Kangxi radicals (⼯ → 工);</li>
 *   <li>the look-alike code points NFKC leaves alone, by the Unicode Character Database's
 *       {@code EquivalentUnifiedIdeograph.txt} (Unicode 17.0; e.g. the CJK Radicals Supplement ⻑ → 長, ⺠ → 民);</li>
 *   <li>variant characters (峯 → 峰, 邨 → 村), by {@code address/variant-characters.txt} (1955 First Batch list of
 *       variant characters, as in the 2013 Table of General Standard Chinese Characters);</li>
 *   <li>traditional → simplified (廣 → 广, 灣 → 湾, 號 → 号), by ICU4J's {@code Traditional-Simplified} transform,
 *       applied character by character;</li>
 *   <li>Latin letters to upper case.</li>
 * </ol>
 * Steps 2 to 5 are composed into one table of the Basic Multilingual Plane, built once per JVM (about a second): the
 * traditional → simplified step is ICU's mapping of each single character, as ICU's transform serialises its callers
 * on shared rule data and takes ~27 µs an address, too slow per record, and its multi-character phrase rules concern
 * words, not place names.
 */
final class AddressCharacters {

    private AddressCharacters() {}

    /** The folded text; {@code null} gives the empty string. */
    static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        int[] table = Table.FOLDED;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            out.appendCodePoint(cp < table.length ? table[cp] : cp);
        }
        return out.toString();
    }

    /** Each BMP code point's folded form (steps 2 to 5 composed), built once per JVM. */
    private static final class Table {
        static final int[] FOLDED = build();

        private static int[] build() {
            Map<Integer, Integer> equivalent = new HashMap<>();
            Map<Integer, Integer> variants = new HashMap<>();
            try {
                readEquivalents(equivalent);
                readVariants(variants);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Transliterator t = Transliterator.getInstance("Traditional-Simplified");
            int[] folded = new int[0x10000];
            for (int cp = 0; cp < folded.length; cp++) {
                int c = equivalent.getOrDefault(cp, cp);
                c = variants.getOrDefault(c, c);
                if (c >= 0x3400 && c <= 0x9FFF && Character.isIdeographic(c)) {
                    String simplified = t.transliterate(new String(Character.toChars(c)));
                    if (simplified.codePointCount(0, simplified.length()) == 1) {
                        c = simplified.codePointAt(0);
                    }
                }
                folded[cp] = c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
            }
            return folded;
        }

        /** Lines {@code 2E81 ; 5382 # ...} or {@code 2EBE..2EC0 ; 8279 # ...}. */
        private static void readEquivalents(Map<Integer, Integer> equivalent) throws IOException {
            for (String line : lines("classpath:address/EquivalentUnifiedIdeograph.txt")) {
                String data = line.replaceFirst("#.*", "").trim();
                if (data.isEmpty()) {
                    continue;
                }
                String[] f = data.split(";");
                String[] range = f[0].trim().split("\\.\\.");
                int first = Integer.parseInt(range[0], 16);
                int last = range.length > 1 ? Integer.parseInt(range[1], 16) : first;
                int target = Integer.parseInt(f[1].trim(), 16);
                for (int cp = first; cp <= last; cp++) {
                    equivalent.put(cp, target);
                }
            }
        }

        private static void readVariants(Map<Integer, Integer> variants) throws IOException {
            for (String line : lines("classpath:address/variant-characters.txt")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                variants.put(f[0].codePointAt(0), f[1].codePointAt(0));
            }
        }

        private static java.util.List<String> lines(String location) throws IOException {
            try (InputStream in = Resources.open(location)) {
                return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            }
        }
    }
}
