package org.creditgrid.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Metric labels pass bounded codes only; whatever else a caller hands in is reported as OTHER. */
class LabelledCountersTest {

    @ParameterizedTest
    @ValueSource(strings = {"440106", "C", "PRUDENT", "CLASS_RAISED_TO_D", "UNKNOWN_ENTERPRISE", "STANDARD_ADDRESS",
        "enterprise-registrations", "creditgrid.network"})
    void boundedCodesPass(String code) {
        assertThat(LabelledCounters.label(code)).isEqualTo(code);
    }

    /** Credit codes (GB 32100: 18 characters, digits and capitals), names, addresses, persons, free text. */
    @ParameterizedTest
    @ValueSource(strings = {"91440101MA5CXXXX1A", "91440106MA00000011", "9144010618975230XA", "广州市天河区某某餐饮店",
        "天河路385号", "张三", "Zhang San", "ZHANG SAN", "", "44010", "4401061", "ABNORMAL LIST", "a@b"})
    void everythingElseIsOther(String value) {
        assertThat(LabelledCounters.label(value)).isEqualTo(LabelledCounters.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE"})
    void nullIsNone(String none) {
        assertThat(LabelledCounters.label(null)).isEqualTo(none);
    }
}
