package org.creditgrid.local.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.junit.jupiter.api.Test;

class InspectionResultsTest {

    static final Instant DRAWN = Instant.parse("2025-12-19T16:00:00Z");
    static final List<PlanItem> ITEMS = List.of(new PlanItem("SAMR-FOOD", "FOOD_SAFETY", "FOOD_INSPECTOR"),
            new PlanItem("SAMR", "LICENCE_COMPLIANCE", null));

    static List<InspectionTask> visits(int n) {
        List<InspectionTask> visits = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            visits.add(InspectionTask.newBuilder().setTaskId("GZ-H2/T" + i).setPlanId("GZ-H2")
                    .setCreditCode("C" + i).setItems(ITEMS).setRiskClass(RiskClass.C).setPool(Pool.GENERAL)
                    .setDrawTime(DRAWN).setDeadline(DRAWN.plus(Duration.ofDays(60))).setSeed(1).setDraw(i).build());
        }
        return visits;
    }

    @Test
    void aShareOfTheVisitsReportsEveryCheckOnceNamingItsTask() {
        List<InspectionTask> visits = visits(4_000);
        Instant latest = DRAWN.plus(Duration.ofDays(30));
        List<EnforcementEvent> results = InspectionResults.of(visits, 0.3, 7, 8, latest);

        Map<String, List<EnforcementEvent>> byTask = results.stream().collect(Collectors.groupingBy(
                e -> ((InspectionOutcome) e.getDetail()).getTaskId()));
        assertThat(byTask.size()).as("visits reported").isBetween(1_100, 1_300);
        byTask.forEach((task, reported) -> {
            assertThat(reported).extracting(e -> e.getDepartment() + "/"
                    + ((InspectionOutcome) e.getDetail()).getInspectionType())
                    .containsExactlyInAnyOrder("SAMR-FOOD/FOOD_SAFETY", "SAMR/LICENCE_COMPLIANCE");
            assertThat(reported).extracting(EnforcementEvent::getEventTime).containsOnly(reported.get(0).getEventTime());
        });
        Map<String, InspectionTask> tasks = visits.stream()
                .collect(Collectors.toMap(InspectionTask::getTaskId, Function.identity()));
        for (EnforcementEvent e : results) {
            assertThat(e.getKind()).isEqualTo(EventKind.INSPECTION_RESULT);
            assertThat(e.getCreditCode()).isEqualTo(tasks.get(((InspectionOutcome) e.getDetail()).getTaskId())
                    .getCreditCode());
            assertThat(e.getEventTime()).isAfter(DRAWN).isBeforeOrEqualTo(DRAWN.plus(Duration.ofDays(8)));
        }
        assertThat(results).extracting(EnforcementEvent::getEventId).doesNotHaveDuplicates();
        assertThat(results).extracting(e -> ((InspectionOutcome) e.getDetail()).getOutcome()).as("all outcomes occur")
                .containsAll(List.of(org.creditgrid.schema.InspectionResult.values()));
    }

    @Test
    void reproducibleFromTheSeedAndNeverDatedAfterTheLatestInstant() {
        Instant latest = DRAWN.plus(Duration.ofDays(2));
        List<EnforcementEvent> once = InspectionResults.of(visits(500), 0.3, 7, 8, latest);
        assertThat(InspectionResults.of(visits(500), 0.3, 7, 8, latest)).isEqualTo(once);
        assertThat(InspectionResults.of(visits(500), 0.3, 8, 8, latest)).isNotEqualTo(once);
        assertThat(once).extracting(EnforcementEvent::getEventTime).allMatch(t -> !t.isAfter(latest))
                .contains(latest);
    }
}
