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
 * The traditional → simplified step is ICU's mapping of each single character, tabulated once per JVM (about a
 * second): ICU's transform serialises its callers on shared rule data and takes ~27 µs an address, too slow per
 * record, and its multi-character phrase rules concern words, not place names.
 */
final class AddressCharacters {

    private AddressCharacters() {}

    /** The folded text; {@code null} gives the empty string. */
    static String fold(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(s.length());
        Tables t = Tables.INSTANCE;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            Integer mapped = t.equivalent.get(cp);
            if (mapped != null) {
                cp = mapped;
            }
            mapped = t.variants.get(cp);
            if (mapped != null) {
                cp = mapped;
            }
            if (cp < t.simplified.length && t.simplified[cp] != 0) {
                cp = t.simplified[cp];
            }
            if (cp >= 'a' && cp <= 'z') {
                cp -= 'a' - 'A';
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** Loaded on first use, once per JVM. */
    private static final class Tables {
        static final Tables INSTANCE = new Tables();

        final Map<Integer, Integer> equivalent = new HashMap<>();
        final Map<Integer, Integer> variants = new HashMap<>();
        /** Simplified form of each BMP ideograph that has one (0: none). */
        final char[] simplified = new char[0x10000];

        private Tables() {
            try {
                readEquivalents();
                readVariants();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Transliterator t = Transliterator.getInstance("Traditional-Simplified");
            tabulate(t, 0x3400, 0x4DBF);
            tabulate(t, 0x4E00, 0x9FFF);
        }

        private void tabulate(Transliterator t, int from, int to) {
            for (int cp = from; cp <= to; cp++) {
                String one = String.valueOf((char) cp);
                String s = t.transliterate(one);
                if (s.length() == 1 && s.charAt(0) != cp) {
                    simplified[cp] = s.charAt(0);
                }
            }
        }

        /** Lines {@code 2E81 ; 5382 # ...} or {@code 2EBE..2EC0 ; 8279 # ...}. */
        private void readEquivalents() throws IOException {
            for (String line : lines("address/EquivalentUnifiedIdeograph.txt")) {
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

        private void readVariants() throws IOException {
            for (String line : lines("address/variant-characters.txt")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                variants.put(f[0].codePointAt(0), f[1].codePointAt(0));
            }
        }

        private static java.util.List<String> lines(String resource) throws IOException {
            try (InputStream in = AddressCharacters.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("missing resource " + resource);
                }
                return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            }
        }
    }
}
