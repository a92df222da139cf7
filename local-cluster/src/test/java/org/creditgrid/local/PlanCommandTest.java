package org.creditgrid.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.creditgrid.validation.InputValidation;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/** The JSON form of a plan carries the whole contract. */
class PlanCommandTest {

    @Test
    void theExampleRoundTripsToTheSameValidPlan() throws Exception {
        SamplingPlan plan = DefaultPlans.of(2025, 42).get(1);
        String json = PlanCommand.JSON.writeValueAsString(PlanCommand.PlanFile.of(plan));
        SamplingPlan back = PlanCommand.JSON.readValue(json, PlanCommand.PlanFile.class).toRecord();
        assertThat(back).isEqualTo(plan);
        assertThat(InputValidation.plan(back)).isEmpty();
        assertThat(json).contains("\"issued\" : \"2025-12-19T16:00:00Z\"");
    }
}
