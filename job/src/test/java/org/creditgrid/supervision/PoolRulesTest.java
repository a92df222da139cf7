package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.creditgrid.schema.RiskClass;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PoolRulesTest {

    static PoolRules rules;

    @BeforeAll
    static void load() throws IOException {
        rules = PoolRules.load(PoolRules.DEFAULT_LOCATION);
    }

    @Test
    void keyFieldIndustriesAndLicencesArePrudent() {
        assertThat(rules.route("H6210", List.of(), List.of(), RiskClass.A))
                .isEqualTo(new PoolRules.Decision(Pool.PRUDENT, "key-field industry H62 (catering)"));
        assertThat(rules.route("F5261", List.of(Licence.DRUG), List.of(), RiskClass.A).pool()).isEqualTo(Pool.PRUDENT);
    }

    @Test
    void classesCAndDArePrudentEvenWhenInclusive() {
        assertThat(rules.route("I6513", List.of(), List.of(Qualification.HIGH_TECH), RiskClass.C))
                .isEqualTo(new PoolRules.Decision(Pool.PRUDENT, "risk class C"));
    }

    @Test
    void highTechAndCulturalCreativeAreInclusive() {
        assertThat(rules.route("F5261", List.of(), List.of(Qualification.HIGH_TECH), RiskClass.B).pool())
                .isEqualTo(Pool.INCLUSIVE);
        assertThat(rules.route("R8710", List.of(), List.of(), RiskClass.A).pool()).isEqualTo(Pool.INCLUSIVE);
    }

    @Test
    void everyoneElseIsGeneral() {
        assertThat(rules.route("F5261", List.of(), List.of(), RiskClass.B).pool()).isEqualTo(Pool.GENERAL);
        assertThat(rules.route("I6510", List.of(), List.of(), RiskClass.A).pool()).isEqualTo(Pool.GENERAL);
    }
}
