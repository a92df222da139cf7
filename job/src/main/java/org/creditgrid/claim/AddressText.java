package org.creditgrid.claim;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registered addresses as free text, made comparable. The same place written with full-width digits or letters,
 * spaces, punctuation, traditional characters (號, 廣), 幢 or 座 for 栋, Chinese numerals for a number (一百零八号), or with
 * or without the country, province and city in front, gives the same key. The district stays: the same street name
 * exists in several districts.
 */
public final class AddressText {

    private static final Pattern NOISE = Pattern.compile("[\\s\\p{Punct}，。、；：（）【】“”‘’《》·—－]+");
    private static final String[] PREFIXES = {"中华人民共和国", "中国", "广东省", "广东", "广州市"};
    private static final Pattern CHINESE_NUMBER = Pattern.compile("([零〇一二两三四五六七八九十百千]+)(号|栋|楼|层|室|房|巷|弄|街坊)");
    private static final String DIGITS = "零一二三四五六七八九";

    private AddressText() {}

    /** The comparable form of an address; empty for a blank one. */
    public static String normalise(String address) {
        if (address == null) {
            return "";
        }
        String s = Normalizer.normalize(address, Normalizer.Form.NFKC);
        s = NOISE.matcher(s).replaceAll("").toUpperCase(Locale.ROOT)
                .replace('號', '号').replace('廣', '广').replace('東', '东').replace('樓', '楼')
                .replace('幢', '栋').replace('座', '栋').replace('〇', '零');
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : PREFIXES) {
                if (s.startsWith(prefix)) {
                    s = s.substring(prefix.length());
                    stripped = true;
                }
            }
        }
        Matcher m = CHINESE_NUMBER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long n = chineseNumber(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement((n < 0 ? m.group(1) : Long.toString(n)) + m.group(2)));
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
        return DIGITS.indexOf(c);
    }
}
