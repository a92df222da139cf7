package org.creditgrid.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.creditgrid.io.Rejection;
import org.creditgrid.pipeline.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Metric labels take each key's allowed codes only; whatever else a caller hands in is reported as OTHER. */
class LabelledCountersTest {

    static final LabelledCounters.Labels JOB =
            new LabelledCounters.Labels(Set.copyOf(Topics.defaults().all()), Rejection.reasons());

    @ParameterizedTest
    @CsvSource({"district, 440106", "district, 440113", "class, C", "from, A", "to, PRUDENT", "from, INCLUSIVE",
        "reason, CLASS_RAISED_TO_D", "reason, TASK_OVERDUE", "reason, UNKNOWN_ENTERPRISE", "reason, UNDECODABLE",
        "method, STANDARD_ADDRESS", "method, UNCLAIMED", "topic, enterprise-registrations", "topic, creditgrid-network"})
    void eachKeyTakesItsCodes(String key, String code) {
        assertThat(LabelledCounters.label(key, code, JOB)).isEqualTo(code);
    }

    /**
     * Credit codes (GB 32100: 18 characters, digits and capitals), names of enterprises and persons in every script
     * and case — bare upper- and lower-case words included — addresses, free text, other keys' codes, unknown keys.
     */
    @ParameterizedTest
    @ValueSource(strings = {"91440101MA5CXXXX1A", "91440106MA00000011", "9144010618975230XA", "广州市天河区某某餐饮店",
        "天河路385号", "张三", "Zhang San", "ZHANG SAN", "ZHANGSAN", "SMITH", "zhangsan", "smith", "zhang-san", "",
        "44010", "4401061", "ABNORMAL LIST", "a@b", "E", "PRUDENT_", "enterprise-registrations-x"})
    void everythingElseIsOtherUnderEveryKey(String value) {
        for (String key : new String[] {"district", "class", "from", "to", "reason", "method", "topic", "name"}) {
            assertThat(LabelledCounters.label(key, value, JOB)).as(key).isEqualTo(LabelledCounters.OTHER);
        }
    }

    @ParameterizedTest
    @CsvSource({"class, 440106", "district, C", "reason, PRUDENT", "method, COMPLAINT", "topic, UNDECODABLE",
        "unknown-key, C"})
    void aCodeOfAnotherKeyIsOther(String key, String code) {
        assertThat(LabelledCounters.label(key, code, JOB)).isEqualTo(LabelledCounters.OTHER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"district", "reason"})
    void nullIsNone(String key) {
        assertThat(LabelledCounters.label(key, null, JOB)).isEqualTo(LabelledCounters.NONE);
    }
}
