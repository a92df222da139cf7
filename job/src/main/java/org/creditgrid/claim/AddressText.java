package org.creditgrid.claim;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Registered addresses as free text, made comparable: the same place written with full-width digits, spaces,
 * punctuation, traditional 號, or with or without the country, province and city in front gives the same key.
 */
public final class AddressText {

    private static final Pattern NOISE = Pattern.compile("[\\s\\p{Punct}，。、；：（）【】“”‘’《》·—－]+");
    private static final String[] PREFIXES = {"中华人民共和国", "中国", "广东省", "广州市"};

    private AddressText() {}

    /** The comparable form of an address; empty for a blank one. */
    public static String normalise(String address) {
        if (address == null) {
            return "";
        }
        String s = Normalizer.normalize(address, Normalizer.Form.NFKC);
        s = NOISE.matcher(s).replaceAll("").replace('號', '号').replace('廣', '广').toUpperCase(java.util.Locale.ROOT);
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
        return s;
    }
}
