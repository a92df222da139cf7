package org.creditgrid.claim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Registrant-style variants of one address all give the same key; different places do not. */
class AddressTextTest {

    static final String KEY = "天河区天河路108号2栋1203室";

    @ParameterizedTest
    @ValueSource(strings = {
        "广州市天河区天河路108号2栋1203房",
        "广东省广州市天河区天河路108号2栋1203房",
        "中国广东省广州市天河区天河路108号2栋1203房",
        "天河区天河路108号2栋1203房",
        "广州市 天河区 天河路 108 号 2 栋 1203 房",
        "广州市天河区天河路１０８号２栋１２０３房",   // full-width digits
        "廣州市天河区天河路108號2幢1203房",           // traditional forms, 幢
        "广州市天河区天河路108号2座1203房",           // 座
        "广州市天河区天河路一百零八号二栋1203房",      // Chinese numerals
        "广州市天河区天河路108号，2栋（1203房）",       // punctuation
    })
    void variantsOfOneAddressGiveOneKey(String written) {
        assertThat(AddressText.normalise(written)).isEqualTo(KEY);
    }

    @Test
    void differentPlacesStayDifferent() {
        assertThat(AddressText.normalise("广州市越秀区天河路108号2栋1203房")).isNotEqualTo(KEY); // other district
        assertThat(AddressText.normalise("广州市天河区天河路18号2栋1203房")).isNotEqualTo(KEY);
        assertThat(AddressText.normalise("广州市荔湾区十八甫路3号")).isEqualTo("荔湾区十八甫路3号"); // a road's name
        assertThat(AddressText.normalise(null)).isEmpty();
        assertThat(AddressText.normalise("  ")).isEmpty();
    }

    @Test
    void chineseNumerals() {
        assertThat(AddressText.chineseNumber("一百零八")).isEqualTo(108);
        assertThat(AddressText.chineseNumber("十二")).isEqualTo(12);
        assertThat(AddressText.chineseNumber("二十")).isEqualTo(20);
        assertThat(AddressText.chineseNumber("两千零五")).isEqualTo(2005);
        assertThat(AddressText.chineseNumber("三五")).isEqualTo(35);
    }
}
