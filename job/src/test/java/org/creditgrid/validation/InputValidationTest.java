package org.creditgrid.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.code;

import java.time.Instant;
import java.time.LocalDate;
import org.creditgrid.Fixtures;
import org.creditgrid.io.Rejection;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EventKind;
import org.junit.jupiter.api.Test;

class InputValidationTest {

    @Test
    void aGoodRegistrationPasses() {
        assertThat(InputValidation.registration(Fixtures.registration(code(1), T0, Fixtures.TIANHE))).isEmpty();
    }

    @Test
    void anInvalidCheckCharacterIsRejected() {
        String bad = code(1).substring(0, 17) + (code(1).endsWith("0") ? "1" : "0");
        assertThat(InputValidation.registration(Fixtures.registration(bad, T0, null)))
                .map(Rejection::reason).hasValue(Rejection.INVALID_CREDIT_CODE);
    }

    @Test
    void impossibleCoordinatesAndDatesAreRejected() {
        assertThat(InputValidation.registration(Fixtures.registration(code(1), T0, new Coordinates(113.3, 95.0, Crs.WGS84))))
                .map(Rejection::reason).hasValue(Rejection.IMPOSSIBLE_COORDINATES);
        assertThat(InputValidation.registration(Fixtures.registration(code(1), T0,
                new Coordinates(Double.NaN, 23.0, Crs.WGS84)))).map(Rejection::reason)
                .hasValue(Rejection.IMPOSSIBLE_COORDINATES);
        EnterpriseRegistration future = Fixtures.registration(code(1), T0, null);
        future.setEstablishedDate(LocalDate.of(2026, 1, 1));
        assertThat(InputValidation.registration(future)).map(Rejection::reason).hasValue(Rejection.IMPOSSIBLE_DATE);
        EnterpriseRegistration ancient = Fixtures.registration(code(1), Instant.parse("1900-01-01T00:00:00Z"), null);
        assertThat(InputValidation.registration(ancient)).map(Rejection::reason).hasValue(Rejection.IMPOSSIBLE_DATE);
    }

    /**
     * China's extreme points (gov.cn 国情: 73°29'E, 135°05'E, 53°33'N, 3°51'N) and Guangzhou are inside; Paris, Tokyo,
     * Sydney, Urumqi's pair swapped and (0, 0) are not. The box is coarse (Hanoi is inside it): it catches coordinates
     * from another continent or a swapped pair.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "73.49, 39.38, true", "135.08, 48.40, true", "122.34, 53.55, true", "112.28, 3.85, true",
            "113.32, 23.13, true", "2.35, 48.86, false", "139.69, 35.69, false", "151.21, -33.87, false",
            "43.8, 87.6, false", "0.0, 0.0, false"})
    void coordinatesOutsideChinaAreImpossible(double lon, double lat, boolean inside) {
        java.util.Optional<Rejection> r = InputValidation.registration(Fixtures.registration(code(1), T0,
                new Coordinates(lon, lat, Crs.GCJ02)));
        if (inside) {
            assertThat(r).as("%s, %s", lon, lat).isEmpty();
        } else {
            assertThat(r).map(Rejection::reason).as("%s, %s", lon, lat).hasValue(Rejection.IMPOSSIBLE_COORDINATES);
        }
    }

    @Test
    void aNameOrAddressLongerThanAnyRealOneIsRefused() {
        EnterpriseRegistration r = Fixtures.registration(code(1), T0, null);
        r.setName("广".repeat(InputValidation.MAX_TEXT));
        assertThat(InputValidation.registration(r)).isEmpty();
        r.setName("广".repeat(InputValidation.MAX_TEXT + 1));
        assertThat(InputValidation.registration(r)).map(Rejection::reason).hasValue(Rejection.OVERSIZED_FIELD);
        r.setName("广州市测试有限公司");
        r.setAddress("路".repeat(300_000));
        assertThat(InputValidation.registration(r)).map(Rejection::reason).hasValue(Rejection.OVERSIZED_FIELD);
    }

    @Test
    void aNegativeFineIsImpossible() {
        assertThat(InputValidation.event(Fixtures.fine(code(1), "e", T0, -500, org.creditgrid.schema.PenaltyField.FOOD,
                false))).map(Rejection::reason).hasValue(Rejection.IMPOSSIBLE_AMOUNT);
        assertThat(InputValidation.event(Fixtures.fine(code(1), "e", T0, 500, org.creditgrid.schema.PenaltyField.FOOD,
                false))).isEmpty();
    }

    @Test
    void anEventsDetailMustMatchItsKind() {
        assertThat(InputValidation.event(Fixtures.event(code(1), "e", T0, EventKind.PENALTY, null)))
                .map(Rejection::detail).hasValueSatisfying(d -> assertThat(d).contains("needs a Penalty"));
        assertThat(InputValidation.event(Fixtures.complaint(code(1), "e", T0))).isEmpty();
        assertThat(InputValidation.event(Fixtures.event(code(1), "e", T0, EventKind.ABNORMAL_LIST_REMOVED, null)))
                .isEmpty();
    }

    @Test
    void futureDatedEventsAndPlansWithSubLibrariesAreRejected() {
        Instant future = Instant.now().plusSeconds(3 * 86_400);
        assertThat(InputValidation.event(Fixtures.complaint(code(1), "e", future)))
                .map(Rejection::reason).hasValue(Rejection.IMPOSSIBLE_DATE);
        org.creditgrid.schema.SamplingPlan plan = org.creditgrid.schema.SamplingPlan.newBuilder().setPlanId("p")
                .setEventTime(T0).setPeriodStart(T0).setPeriodEnd(Fixtures.at(30))
                .setItems(java.util.List.of(new org.creditgrid.schema.PlanItem("SAMR", "PRICE", null)))
                .setTargetSubLibraries(java.util.List.of("SL-1"))
                .setRatios(new org.creditgrid.schema.ClassRatios(0.1, 0.1, 0.1, 0.1)).setSeed(1)
                .setTaskDeadline(Fixtures.at(30)).build();
        assertThat(InputValidation.plan(plan, java.util.Set.of("SL0001"))).map(Rejection::reason)
                .hasValue(Rejection.INVALID_PLAN);
        plan.setTargetSubLibraries(java.util.List.of("SL0001"));
        assertThat(InputValidation.plan(plan, java.util.Set.of("SL0001"))).isEmpty();
        plan.setTargetSubLibraries(java.util.List.of());
        assertThat(InputValidation.plan(plan)).isEmpty();
    }

    @Test
    void aRulesVersionMustLoadAndNameItself() {
        assertThat(InputValidation.rules(Fixtures.rulesVersion("v2", 3, org.creditgrid.schema.RulesState.CANDIDATE)))
                .isEmpty();
        var wrongName = Fixtures.rulesVersion("v2", 3, org.creditgrid.schema.RulesState.ACTIVE);
        wrongName.setVersion("v3");
        assertThat(InputValidation.rules(wrongName)).map(Rejection::detail)
                .hasValueSatisfying(d -> assertThat(d).contains("the file says v2"));
        var overlapping = Fixtures.rulesVersion("v4", 70, org.creditgrid.schema.RulesState.ACTIVE); // b above c
        assertThat(InputValidation.rules(overlapping)).map(Rejection::reason).hasValue(Rejection.INVALID_RULES);
    }

    @Test
    void industryCodesMustBeGbT4754() {
        EnterpriseRegistration r = Fixtures.registration(code(1), T0, null);
        r.setIndustryCode("restaurant");
        assertThat(InputValidation.registration(r)).map(Rejection::reason).hasValue(Rejection.MISSING_FIELD);
    }
}
