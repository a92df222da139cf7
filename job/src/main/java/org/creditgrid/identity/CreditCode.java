package org.creditgrid.identity;

import java.util.Optional;

/**
 * The unified social credit code of GB 32100-2015: 18 characters over a 31-symbol alphabet (no I, O, Z, S, V), the 18th
 * a check character. Positions 3-8 are the registering authority's administrative division code of GB/T 2260 (e.g.
 * 440106 = Tianhe district), kept for life even when the division is later merged or renamed: a code is valid only if
 * they name a division, current or historical ({@link Divisions}). A string that merely passes the check character is
 * not a credit code.
 */
public final class CreditCode {

    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    public static final int LENGTH = 18;

    /** 3^(i-1) mod 31 for positions 1..17, as the standard lists them. */
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private CreditCode() {}

    /** Why {@code code} is not a valid credit code, or empty if it is. */
    public static Optional<String> problem(String code) {
        if (code == null) {
            return Optional.of("credit code is missing");
        }
        if (code.length() != LENGTH) {
            return Optional.of("credit code '" + code + "' has " + code.length() + " characters, expected 18");
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(code.charAt(i)) < 0) {
                return Optional.of("credit code '" + code + "' has '" + code.charAt(i) + "' at position " + (i + 1)
                        + ", outside the GB 32100 alphabet");
            }
        }
        char expected = checkCharacter(code);
        if (code.charAt(17) != expected) {
            return Optional.of("credit code '" + code + "' has check character '" + code.charAt(17)
                    + "', expected '" + expected + "'");
        }
        String division = divisionCode(code);
        if (Divisions.standard().of(division).isEmpty()) {
            return Optional.of("credit code '" + code + "': positions 3-8 (" + division + ") name no administrative"
                    + " division of GB/T 2260 (current or historical, to " + Divisions.standard().lastYear() + ")");
        }
        return Optional.empty();
    }

    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    /** The check character for the first 17 characters of {@code code} (which must be in the alphabet). */
    public static char checkCharacter(CharSequence code) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(code.charAt(i)) * WEIGHTS[i];
        }
        int c = 31 - (sum % 31);
        return ALPHABET.charAt(c == 31 ? 0 : c);
    }

    /** Appends the check character to a 17-character body. */
    public static String withCheckCharacter(String body17) {
        if (body17.length() != 17) {
            throw new IllegalArgumentException("body must have 17 characters: " + body17);
        }
        return body17 + checkCharacter(body17);
    }

    /** Positions 3-8: the administrative division code of the registering authority. */
    public static String divisionCode(String code) {
        return code.substring(2, 8);
    }
}
