package org.creditgrid.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreditCodeTest {

    @Test
    void acceptsPublishedCodes() {
        // Real codes as printed on business licences (check characters computed by their issuers).
        assertThat(CreditCode.problem("91350100M000100Y43")).isEmpty();
        assertThat(CreditCode.problem("91110000802100433B")).isEmpty();
    }

    @Test
    void rejectsAWrongCheckCharacterAndSaysWhichWasExpected() {
        assertThat(CreditCode.problem("91350100M000100Y44"))
                .hasValueSatisfying(p -> assertThat(p).contains("expected '3'"));
    }

    @Test
    void rejectsLettersOutsideTheAlphabetAndWrongLengths() {
        assertThat(CreditCode.problem("91350100M000100YI3")).hasValueSatisfying(p -> assertThat(p).contains("'I'"));
        assertThat(CreditCode.problem("9135010")).hasValueSatisfying(p -> assertThat(p).contains("7 characters"));
        assertThat(CreditCode.problem(null)).isPresent();
    }

    @Test
    void checkCharacterThirtyOneMapsToZero() {
        // Find a body whose weighted sum is a multiple of 31: its check character must be '0', not an index 31.
        for (int n = 0; n < 10_000; n++) {
            String body = "9144010600" + String.format("%07d", n);
            char c = CreditCode.checkCharacter(body);
            assertThat(CreditCode.ALPHABET.indexOf(c)).isBetween(0, 30);
            assertThat(CreditCode.isValid(body + c)).isTrue();
        }
    }

    @Test
    void divisionCodeIsPositionsThreeToEight() {
        assertThat(CreditCode.divisionCode("91440106MA5CXXXX0X")).isEqualTo("440106");
    }
}
