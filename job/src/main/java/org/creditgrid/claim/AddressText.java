package org.creditgrid.claim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.creditgrid.identity.Divisions;

/**
 * Registered addresses as free text, parsed into their parts and made comparable.
 *
 * <p>An address is read as: country, province (广东省), city (广州市), district, street or town (街道, 镇), road,
 * house number, building, floor, room, and whatever else it says. What distinguishes places is kept: a range or list
 * of house numbers ({@code 1-3号}, {@code 1、3号}) is not one number ({@code 13号}), a sub-number ({@code 10之1号})
 * is not its parent. What does not is folded ({@link AddressCharacters}: full-width forms, look-alike code points,
 * variant and traditional characters), and so are the administrative prefixes a registrant may leave out or add
 * (country, province, city with or without 市, a district without 区 after its city), the renamed and merged districts
 * of Guangzhou (萝岗区 is 黄埔区 since 2014, by the division table {@link Divisions}), 街道 written 街, the ways of writing a
 * range ({@code 1至3}, {@code 1～3}, {@code 1—3}), a sub-number ({@code 10号之一}), a building ({@code 2栋}, {@code 2幢},
 * {@code 2座}, {@code 2号楼}), a floor ({@code 12层}, {@code 12楼}, {@code 12F}, {@code 负1层} = B1), a room
 * ({@code 1203室}, {@code 1203房}) and Chinese numerals before a unit word ({@code 一百零八号}). The district and a
 * written street or town stay: the same road or village name exists in several of them (新塘镇新村, 石滩镇新村).
 */
public final class AddressText {

    /**
     * The version of what {@link #normalise} gives: part of the hash with which an enterprise remembers the text its
     * address group was computed from, so a release that keys any address differently regroups everyone. Bump it
     * whenever a key changes ({@code AddressKeyVersionTest} pins the keys of the real-world corpus to it).
     */
    public static final String VERSION = "2026.12-1";

    /** The city the grid covers, whose districts are recognised by name; other cities stay in the key as written. */
    static final String CITY = "广州";
    private static final String CITY_PREFIX = "4401";

    private static final Pattern CHINESE_NUMBER =
            Pattern.compile("([零〇一二两三四五六七八九十百千]+)(号|栋|幢|座|楼|层|室|房|巷|弄|单元)");
    private static final String DIGITS = "零一二三四五六七八九";
    /** Separators between two digits: a range (or a sub-number written with a dash) and a list. */
    private static final Pattern RANGE =
            Pattern.compile("(?<=[0-9A-Z])\\s*(?:[-‐‑‒–—―−⁓~〜]+|至|到)\\s*(?=[0-9])");
    private static final Pattern LIST = Pattern.compile("(?<=[0-9A-Z])\\s*(?:[、,，/]|及|和)\\s*(?=[0-9])");
    /** Any other separator between two digits (1；3, 1.3, 1 3): never deleted, as that would make them one number. */
    private static final Pattern OTHER_SEPARATOR = Pattern.compile("(?<=[0-9])[\\s\\p{P}\\p{S}&&[^-、#]]+(?=[0-9])");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** A floor below ground: 负1层, 地下1层, -1层, B1层 all give B1. */
    private static final Pattern BASEMENT = Pattern.compile("(?:负|地下|(?<![0-9A-Z])-)(?=[0-9]+(?:层|楼|F))");
    /** Guangzhou's 10号之一 is the sub-number 10之1. */
    private static final Pattern SUB_NUMBER = Pattern.compile("([0-9]+)号之([0-9]+|[零〇一二两三四五六七八九十]+)");
    /** Punctuation and spaces that separate words only (the separators between digits are taken first). */
    private static final Pattern NOISE = Pattern.compile("[\\s\\p{P}\\p{S}&&[^-、#]]+|(?<![0-9A-Z])[-、]|[-、](?![0-9A-Z])");
    /** {@code 108#}: # after a house number for 号. */
    private static final Pattern HASH_NUMBER = Pattern.compile("(?<=[0-9])#");
    private static final Pattern HOUSE_NUMBER =
            Pattern.compile("(?<![0-9A-Z-])([0-9]+[A-Z]?(?:[-、之][0-9]+[A-Z]?)*)号(?![楼栋房])");
    private static final Pattern BUILDING = Pattern.compile("([0-9A-Z]+(?:-[0-9A-Z]+)?)(?:栋|幢|座|号楼|号栋)");
    private static final Pattern FLOOR = Pattern.compile("(?<![0-9A-Z-])(B?[0-9]+)(?:层|楼|F)");
    private static final Pattern ROOM = Pattern.compile("([0-9A-Z]+(?:-[0-9A-Z]+)?)(?:室|号房|房)");
    /** A province and city other than the grid's (市 not of 市场, a market). */
    private static final Pattern OTHER_CITY = Pattern.compile("^(\\p{IsHan}{2,8}?(?:省|自治区))?(\\p{IsHan}{2,6}?市)(?!场)");
    private static final Pattern OTHER_DISTRICT = Pattern.compile("^\\p{IsHan}{1,6}?(?:区|县|市)(?!场)");
    private static final Pattern TOWN = Pattern.compile("^(\\p{IsHan}{1,6}?)(街道|镇)(?![路街道巷里弄])(?=.)");

    /**
     * The parts of an address.
     *
     * @param city a city other than the grid's, as written; null for the grid's city or none written
     * @param districtCode the district's current GB/T 2260 code (a merged or renamed one's successor); null if none
     * @param district the current district's name, or the district as written when it is not the grid city's
     * @param town the street (街道, keyed as 街) or town (镇) written, if any: part of the place (新塘镇新村 is not
     *     石滩镇新村)
     * @param road everything between the administrative parts and the house number
     * @param number the house number with its ranges ({@code 1-3}), lists ({@code 1、3}) and sub-numbers ({@code 10之1})
     * @param rest what is left, as written (folded): a building's name, 自编 numbers, a unit
     */
    public record Parts(String city, String districtCode, String district, String town, String road, String number,
                        String building, String floor, String room, String rest) {

        /** The comparable form: one string per place; empty for a blank address. */
        public String key() {
            StringBuilder k = new StringBuilder();
            append(k, city, "");
            append(k, district, "");
            append(k, town, "");
            append(k, road, "");
            append(k, number, "号");
            append(k, building, "栋");
            append(k, floor, "层");
            append(k, room, "室");
            append(k, rest, "");
            return k.toString();
        }

        private static void append(StringBuilder k, String part, String unit) {
            if (part != null && !part.isEmpty()) {
                k.append(part).append(unit);
            }
        }
    }

    private AddressText() {}

    /** The comparable form of an address ({@link Parts#key()}); empty for a blank one. */
    public static String normalise(String address) {
        return parse(address).key();
    }

    /** Parses an address; a blank one gives parts that are all null. */
    public static Parts parse(String address) {
        String s = AddressCharacters.fold(address);
        // Each pass runs only if the text has a character it looks for (most addresses need few of them).
        boolean separators = !plain(s);
        if (hasAny(s, "-‐‑‒–—―−⁓~〜至到")) {
            s = RANGE.matcher(s).replaceAll("-");
        }
        if (hasAny(s, "、,，/及和")) {
            s = LIST.matcher(s).replaceAll("、");
        }
        if (separators) {
            s = OTHER_SEPARATOR.matcher(s).replaceAll("、");
            s = SPACES.matcher(s).replaceAll("");
        }
        if (hasAny(s, "零〇一二两三四五六七八九十百千")) {
            s = numerals(s);
        }
        if (hasAny(s, "负地-")) {
            s = BASEMENT.matcher(s).replaceAll("B");
        }
        if (s.contains("号之")) {
            s = subNumbers(s);
        }
        if (s.indexOf('#') >= 0) {
            s = HASH_NUMBER.matcher(s).replaceAll("号");
        }
        if (!plain(s)) {
            s = NOISE.matcher(s).replaceAll("");
        }
        if (s.isEmpty()) {
            return new Parts(null, null, null, null, null, null, null, null, null, null);
        }

        // ---- administrative prefixes
        String city = null;
        s = strip(s, "中华人民共和国", "中国");
        if (s.startsWith("广东省")) {
            s = s.substring(3);
        } else if (s.startsWith("广东") && s.length() > 2 && "路街道巷大".indexOf(s.charAt(2)) < 0) {
            s = s.substring(2);
        }
        boolean cityWritten = false;
        if (s.startsWith(CITY + "市")) {
            s = s.substring(CITY.length() + 1);
            cityWritten = true;
        } else if (s.startsWith(CITY) && district(s.substring(CITY.length()), true) != null) {
            s = s.substring(CITY.length());
            cityWritten = true;
        } else if (district(s, false) == null) {
            Matcher other = OTHER_CITY.matcher(s);
            if (other.find()) {
                city = other.group();
                s = s.substring(other.end());
            }
        }
        String districtCode = null;
        String district = null;
        if (city == null) {
            Map.Entry<String, Divisions.Division> d = district(s, cityWritten);
            if (d != null) {
                districtCode = d.getValue().code();
                district = d.getValue().name();
                s = s.substring(d.getKey().length());
            }
        } else {
            Matcher other = OTHER_DISTRICT.matcher(s);
            if (other.find()) {
                district = other.group();
                s = s.substring(other.end());
            }
        }
        String town = null;
        Matcher t = TOWN.matcher(s);
        if (t.find()) {
            // 荔城街道 is written 荔城街 too: the key says 街, so both spellings (and a road written after either) agree.
            town = t.group(1) + (t.group(2).equals("街道") ? "街" : t.group(2));
            s = s.substring(t.end());
        }

        // ---- road and house number, then building, floor and room in what follows
        String road;
        String number = null;
        Matcher n = HOUSE_NUMBER.matcher(s);
        String after;
        if (n.find()) {
            road = s.substring(0, n.start());
            number = n.group(1);
            after = s.substring(n.end());
        } else {
            road = "";
            after = s;
        }
        String[] building = take(BUILDING, after);
        String[] floor = take(FLOOR, building[1]);
        String[] room = take(ROOM, floor[1]);
        // Taking parts out can leave a separator that stood next to one of them dangling.
        String rest = plain(room[1]) ? room[1] : NOISE.matcher(room[1]).replaceAll("");
        return new Parts(city, districtCode, district, town, road, number, building[0], floor[0], room[0], rest);
    }

    /** The first match's group 1, and the text without the match. */
    private static String[] take(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) {
            return new String[] {null, s};
        }
        return new String[] {m.group(1), s.substring(0, m.start()) + s.substring(m.end())};
    }

    private static String strip(String s, String... prefixes) {
        for (String p : prefixes) {
            if (s.startsWith(p)) {
                return s.substring(p.length());
            }
        }
        return s;
    }

    /**
     * The district name {@code s} starts with (the longest), and its current code; null if none. After a city was
     * written ({@code stems}), a name without its 区 or 县 counts too (广州天河天河路), unless a road word follows it
     * (广州市天河路 is a road, not 天河区).
     */
    private static Map.Entry<String, Divisions.Division> district(String s, boolean stems) {
        for (Map.Entry<String, Divisions.Division> d : Districts.BY_NAME.entrySet()) {
            if (s.startsWith(d.getKey())) {
                return d;
            }
        }
        if (stems) {
            for (Map.Entry<String, Divisions.Division> d : Districts.BY_STEM.entrySet()) {
                String stem = d.getKey();
                if (s.startsWith(stem) && s.length() > stem.length() && "路街道巷里弄大".indexOf(s.charAt(stem.length())) < 0) {
                    return d;
                }
            }
        }
        return null;
    }

    /** The grid city's district names, current and former, longest first, with the current division each stands for. */
    private static final class Districts {
        static final Map<String, Divisions.Division> BY_NAME = build();
        /** The current districts' names without 区 (天河), longest first. */
        static final Map<String, Divisions.Division> BY_STEM = stems();

        private static Map<String, Divisions.Division> stems() {
            Map<String, Divisions.Division> stems = new LinkedHashMap<>();
            BY_NAME.forEach((name, current) -> {
                if (name.length() >= 3 && name.endsWith("区") && current.name().equals(name)) {
                    stems.putIfAbsent(name.substring(0, name.length() - 1), current);
                }
            });
            return stems;
        }

        private static Map<String, Divisions.Division> build() {
            List<Divisions.Division> all = new ArrayList<>(Divisions.standard().countiesOf(CITY_PREFIX));
            all.sort(Comparator.comparing((Divisions.Division d) -> -d.name().length())
                    .thenComparing(d -> !d.current()).thenComparing(Divisions.Division::code));
            Map<String, Divisions.Division> byName = new LinkedHashMap<>();
            for (Divisions.Division d : all) {
                Divisions.standard().current(d.code()).ifPresent(current -> byName.putIfAbsent(d.name(), current));
            }
            return byName;
        }
    }

    /** Whether {@code s} holds only letters, digits and ideographs (nothing a separator pass would touch). */
    private static boolean plain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 0x3400 && c <= 0x9FFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String subNumbers(String s) {
        Matcher m = SUB_NUMBER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String sub = m.group(2);
            long v = Character.isDigit(sub.charAt(0)) ? Long.parseLong(sub) : chineseNumber(sub);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "之" + (v < 0 ? sub : Long.toString(v)) + "号"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String numerals(String s) {
        Matcher m = CHINESE_NUMBER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long v = chineseNumber(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement((v < 0 ? m.group(1) : Long.toString(v)) + m.group(2)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * 一百零八 → 108, 二十 → 20, 十二 → 12, 三五 (digit by digit) → 35; -1 if it is not a number (e.g. a
     * road named 十八甫 keeps its name because no 号 follows).
     */
    static long chineseNumber(String s) {
        if (s.indexOf('十') < 0 && s.indexOf('百') < 0 && s.indexOf('千') < 0) {
            long v = 0;
            for (char c : s.toCharArray()) {
                int d = digit(c);
                if (d < 0) {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v;
        }
        long total = 0;
        long current = 0;
        for (char c : s.toCharArray()) {
            int d = digit(c);
            if (d >= 0) {
                current = d;
            } else {
                int unit = c == '十' ? 10 : c == '百' ? 100 : 1000;
                total += (current == 0 ? 1 : current) * unit;
                current = 0;
            }
        }
        return total + current;
    }

    private static int digit(char c) {
        if (c == '两') {
            return 2;
        }
        if (c == '〇') {
            return 0;
        }
        return DIGITS.indexOf(c);
    }
}
