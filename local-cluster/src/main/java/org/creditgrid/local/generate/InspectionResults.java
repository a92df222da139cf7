package org.creditgrid.local.generate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;

/**
 * What the inspectors report back for drawn tasks ("one public", the later part): one {@code INSPECTION_RESULT} per
 * department and check of a visit, naming its task, for a share of the visits. Each visit's fate is a pure function
 * of (seed, task id), so a demo run is reproducible; results are dated within the first {@code maxDays} days after
 * the draw, never after {@code latest} (the caller's bound: the job dead-letters future-dated events).
 */
public final class InspectionResults {

    private InspectionResults() {}

    /** Results for about {@code share} of {@code visits} (the latest revision of each). */
    public static List<EnforcementEvent> of(Collection<InspectionTask> visits, double share, long seed, int maxDays,
            Instant latest) {
        List<EnforcementEvent> results = new ArrayList<>();
        visits.stream().sorted(Comparator.comparing(InspectionTask::getTaskId)).forEach(task -> {
            SplittableRandom random = new SplittableRandom(seed * 31 + task.getTaskId().hashCode());
            if (random.nextDouble() >= share) {
                return;
            }
            Instant at = task.getDrawTime().plusSeconds(86_400L * (1 + random.nextInt(maxDays)));
            if (at.isAfter(latest)) {
                at = latest;
            }
            // A joint visit: every department reports its own checks, the same day.
            for (PlanItem item : task.getItems()) {
                results.add(EnforcementEvent.newBuilder()
                        .setEventId(task.getTaskId() + "/" + item.getDepartment() + "/" + item.getInspectionType())
                        .setCreditCode(task.getCreditCode())
                        .setEventTime(at)
                        .setDepartment(item.getDepartment())
                        .setKind(EventKind.INSPECTION_RESULT)
                        .setDetail(new InspectionOutcome(item.getInspectionType(), outcome(random), task.getTaskId()))
                        .build());
            }
        });
        return results;
    }

    /** Mostly in order; a few problems put right on the spot, fewer cases opened, some not found at the address. */
    private static InspectionResult outcome(SplittableRandom random) {
        double u = random.nextDouble();
        return u < 0.80 ? InspectionResult.OK
                : u < 0.92 ? InspectionResult.PROBLEM_CORRECTED
                : u < 0.97 ? InspectionResult.VIOLATION_CASE
                : InspectionResult.NOT_FOUND_AT_ADDRESS;
    }
}
