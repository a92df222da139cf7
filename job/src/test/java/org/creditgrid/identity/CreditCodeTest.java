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
    void aWeightedSumDivisibleByThirtyOneGivesCheckCharacterZero() {
        // The standard's weights, written out here rather than taken from the class under test.
        int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
        int found = 0;
        for (int n = 0; n < 2_000 && found < 3; n++) {
            String body = "9144010600" + String.format("%07d", n);
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += CreditCode.ALPHABET.indexOf(body.charAt(i)) * weights[i];
            }
            if (sum % 31 == 0) {
                assertThat(CreditCode.checkCharacter(body)).as(body).isEqualTo('0'); // 31 - 0 = 31 maps to 0
                found++;
            } else {
                assertThat(CreditCode.checkCharacter(body)).isEqualTo(CreditCode.ALPHABET.charAt(31 - sum % 31));
            }
        }
        assertThat(found).isPositive();
    }

    @Test
    void divisionCodeIsPositionsThreeToEight() {
        assertThat(CreditCode.divisionCode("91440106MA5CXXXX0X")).isEqualTo("440106");
    }
}
