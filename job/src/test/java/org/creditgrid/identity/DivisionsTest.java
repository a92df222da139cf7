package org.creditgrid.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.creditgrid.RealWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The division table and the credit codes that name its divisions. */
class DivisionsTest {

    static Stream<Arguments> corpus() {
        return RealWorld.cases("credit-code-divisions.csv");
    }

    @ParameterizedTest(name = "{0}: {2} -> {4}")
    @MethodSource("corpus")
    void realWorldCreditCodes(String code, String valid, String division, String level, String inForce,
                              String source) {
        assertThat(CreditCode.divisionCode(code)).isEqualTo(division);
        if (!Boolean.parseBoolean(valid)) {
            assertThat(CreditCode.problem(code)).as(source)
                    .hasValueSatisfying(p -> assertThat(p).contains("name no administrative division"));
            assertThat(Divisions.standard().of(division)).isEmpty();
            return;
        }
        assertThat(CreditCode.problem(code)).as(source).isEmpty();
        assertThat(Divisions.standard().of(division)).get().extracting(Divisions.Division::level)
                .isEqualTo(Divisions.Level.valueOf(level));
        assertThat(Divisions.standard().current(division)).as(source).get()
                .extracting(Divisions.Division::code).isEqualTo(inForce);
    }

    @Test
    void everyHistoricalCodeOfGuangdongHasACurrentSuccessor() {
        Divisions d = Divisions.standard();
        var historical = d.countiesOf("44").stream().filter(x -> !x.current()).toList();
        assertThat(historical).hasSizeGreaterThan(100);
        assertThat(historical).allSatisfy(h -> assertThat(d.current(h.code())).as(h.code() + " " + h.name())
                .get().extracting(Divisions.Division::current).isEqualTo(true));
        // Guangzhou's eleven districts today (MCA 2024 list).
        assertThat(d.countiesOf("4401").stream().filter(Divisions.Division::current).map(Divisions.Division::name))
                .containsExactlyInAnyOrder("荔湾区", "越秀区", "海珠区", "天河区", "白云区", "黄埔区", "番禺区", "花都区",
                        "南沙区", "从化区", "增城区");
        assertThat(d.displayName("440101")).isEqualTo("广州市市辖区");
    }
}
