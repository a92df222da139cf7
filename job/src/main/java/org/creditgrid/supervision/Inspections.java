package org.creditgrid.supervision;

import static org.creditgrid.io.AvroLists.removeWhere;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.FollowUp;
import org.creditgrid.internal.FollowUpTask;
import org.creditgrid.internal.LastInspection;
import org.creditgrid.internal.OpenTask;
import org.creditgrid.internal.PublishedProfile;
import org.creditgrid.internal.TriggerFacts;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.ResultPublication;

/**
 * The enterprise's inspections, in plain Java: those remembered for the exclusion of later plans, the result of an
 * inspection done for a drawn task (built here, where the enterprise's name, unit and visits are, and handed to the
 * task follow-up, which closes the task and publishes it: "one public", the later part), the facts an overdue
 * trigger carries, and the hand-over of the open tasks a state of an earlier release still holds.
 */
final class Inspections {

    /** How long inspections are remembered for the exclusion: the longest sensible window and some margin. */
    static final long INSPECTIONS_KEPT_MS = 400 * 86_400_000L;

    private Inspections() {}

    /**
     * An inspection result: remembered for the exclusion; if it names a task and the enterprise is registered, its
     * result is added to {@code published}.
     */
    static void inspected(EnterpriseState state, EnforcementEvent e, InspectionOutcome o,
                          List<ResultPublication> published) {
        inspected(state.getInspections(), e.getDepartment(), o.getInspectionType(), e.getEventTime().toEpochMilli(),
                e.getEventId());
        if (o.getTaskId() != null && state.getRegistration() != null) {
            published.add(result(state, e, o));
        }
    }

    /** What an overdue trigger carries of the enterprise, from its profile. */
    static TriggerFacts facts(EnterpriseProfile p) {
        return new TriggerFacts(p.getRiskClass(), p.getPool(), p.getUnitId(), p.getDistrictCode());
    }

    static TriggerFacts facts(PublishedProfile p) {
        return new TriggerFacts(p.getRiskClass(), p.getPool(), p.getUnitId(), p.getDistrictCode());
    }

    /** Whether the facts an overdue trigger carries differ between the profile published before and a new one. */
    static boolean factsChanged(PublishedProfile before, EnterpriseProfile after) {
        return before == null || before.getRiskClass() != after.getRiskClass() || before.getPool() != after.getPool()
                || !Objects.equals(before.getUnitId(), after.getUnitId())
                || !Objects.equals(before.getDistrictCode(), after.getDistrictCode());
    }

    /**
     * What a state written before the task follow-up had its own operator (release 07f9757 and until issue #15) still
     * follows up, handed over once ({@code state} is marked and its open tasks removed): its open tasks, and the tasks
     * of its visits it had not read back yet (drawn just before the savepoint) that no result closed. Null when there
     * is nothing to hand over; a deregistered enterprise's tasks are dropped, as they were.
     */
    static FollowUp handOver(EnterpriseState state) {
        if (state.getTasksHandedOver()) {
            return null;
        }
        state.setTasksHandedOver(true);
        List<OpenTask> open = state.getOpenTasks();
        state.setOpenTasks(new ArrayList<>());
        EnterpriseRegistration r = state.getRegistration();
        if (r == null || r.getChange() == RegistrationChange.DEREGISTERED) {
            return null;
        }
        List<FollowUpTask> tasks = new ArrayList<>();
        for (OpenTask t : open) {
            tasks.add(new FollowUpTask(t.getTaskId(), t.getDeadline(), t.getDepartment()));
        }
        for (InspectionTask v : state.getVisits()) {
            String id = v.getTaskId();
            boolean known = tasks.stream().anyMatch(t -> t.getTaskId().equals(id));
            boolean closed = state.getLedger().stream().anyMatch(e -> e.getDetail() instanceof InspectionOutcome o
                    && id.equals(o.getTaskId()));
            if (!known && !closed && v.getDeadline() != null) {
                tasks.add(new FollowUpTask(id, v.getDeadline().toEpochMilli(), v.getItems().isEmpty()
                        ? Triggers.MARKET_REGULATION : v.getItems().get(0).getDepartment()));
            }
        }
        return tasks.isEmpty() ? null : FollowUp.newBuilder().setCreditCode(r.getCreditCode()).setHandedOver(tasks)
                .setFacts(state.getPublished() == null ? null : facts(state.getPublished())).build();
    }

    /** Remembers an inspection (a result, or a drawn task's item); forgets those long past. */
    static void inspected(List<LastInspection> all, String department, String type, long time, String source) {
        for (LastInspection i : all) {
            if (i.getSource().equals(source) && i.getDepartment().equals(department)
                    && i.getInspectionType().equals(type)) {
                return; // the same record again
            }
        }
        all.add(new LastInspection(department, type, time, source));
        long newest = all.stream().mapToLong(LastInspection::getTime).max().orElse(time);
        removeWhere(all, i -> i.getTime() < newest - INSPECTIONS_KEPT_MS);
    }

    /**
     * The result of an inspection done for a drawn task (a joint visit has one per department and check). Its plans
     * and deadline come from the visit while the enterprise keeps it (the task follow-up has the open task's).
     */
    private static ResultPublication result(EnterpriseState state, EnforcementEvent e, InspectionOutcome o) {
        String code = state.getRegistration().getCreditCode();
        String taskId = o.getTaskId();
        InspectionTask visit = state.getVisits().stream().filter(v -> v.getTaskId().equals(taskId)).findFirst()
                .orElse(null);
        List<String> plans = new ArrayList<>(visit != null ? visit.getPlans() : List.of(planOf(taskId, code)));
        Instant deadline = visit == null ? null : visit.getDeadline();
        Claim c = state.getClaim();
        return ResultPublication.newBuilder()
                .setTaskId(taskId)
                .setPlanIds(plans)
                .setCreditCode(code)
                .setEnterpriseName(state.getRegistration().getName())
                .setUnitId(c == null ? null : c.getUnitId())
                .setDistrictCode(c == null ? null : c.getDistrictCode())
                .setDepartment(e.getDepartment())
                .setInspectionType(o.getInspectionType())
                .setOutcome(o.getOutcome())
                .setInspectedAt(e.getEventTime())
                .setDeadline(deadline)
                .setLate(deadline != null && e.getEventTime().isAfter(deadline))
                .setSourceEventId(e.getEventId())
                .build();
    }

    /** A joint visit's id: the plan that first drew it and the enterprise. */
    static String taskId(String planId, String code) {
        return planId + ":" + code;
    }

    /** The plan that first drew the task {@code taskId} of enterprise {@code code} (the id itself if not ours). */
    static String planOf(String taskId, String code) {
        String suffix = ":" + code;
        return taskId.endsWith(suffix) ? taskId.substring(0, taskId.length() - suffix.length()) : taskId;
    }
}
