package org.creditgrid.supervision;

import static org.creditgrid.io.AvroLists.removeWhere;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.creditgrid.calendar.Window;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.LastInspection;
import org.creditgrid.internal.PublishedProfile;
import org.creditgrid.internal.SamplingView;
import org.creditgrid.network.GroupMembership;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTeam;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.creditgrid.schema.RegistrationChange;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SamplingPlan;

/**
 * An enterprise's part in a "double random" sampling plan (双随机), in plain Java: eligibility, the exclusion of
 * checks the same department made within the window (the prudent pool exempt), the seeded draw against its class's
 * ratio, one joint visit per plan period, and the teams. Plans draw from each enterprise's {@link SamplingView}; its
 * whole state is assessed again only where the view's assessment does not hold at the plan's instant.
 */
public final class PlanDraw {

    /**
     * An enterprise's part in a plan: the task if drawn; the stratum (its class at the plan's issue time) if it was
     * eligible after the exclusion, null if not; whether the exclusion alone left it out.
     */
    public record Draw(InspectionTask task, RiskClass stratum, boolean excluded) {
        static final Draw NONE = new Draw(null, null, false);
    }

    private final RiskModel risk;
    private final PoolRules pools;
    private final SubLibraries subLibraries;
    /** The instant of the last plan drawn and its China date ({@link #chinaDay}); one instance per operator thread. */
    private PlanDay planDay = new PlanDay(Instant.MIN, 0);

    private record PlanDay(Instant at, long epochDay) {}

    PlanDraw(RiskModel risk, PoolRules pools, SubLibraries subLibraries) {
        this.risk = risk;
        this.pools = pools;
        this.subLibraries = subLibraries;
    }

    /**
     * The enterprise's part in {@code plan}, assessed at the plan's instant from its whole state, then drawn as
     * {@link #draw(SamplingView, String, SamplingPlan, InspectorLibrary)} draws from a view; the teams from
     * {@code inspectors}. {@code state} is changed when a task is drawn: the caller must store it.
     */
    public Draw drawFor(EnterpriseState state, SamplingPlan plan, InspectorLibrary inspectors) {
        EnterpriseRegistration r = state.getRegistration();
        long at = plan.getEventTime().toEpochMilli();
        if (r == null || state.getPublished() == null || r.getChange() == RegistrationChange.DEREGISTERED) {
            return Draw.NONE;
        }
        // The stratum is the class at the plan's issue time, whatever the enterprise's last input was. Only what
        // the draw needs is evaluated: class, pool, and the sub-libraries only when the plan targets some.
        RiskClass riskClass = risk.assess(r, state.getLedger(), state.getRegistrationChanges(),
                GroupMembership.neighbourhood(state), at).riskClass();
        Set<Qualification> qualifications = ProfileAssembly.qualifications(state.getLedger(), at);
        Pool pool = pools.route(r.getIndustryCode(), r.getLicences(), qualifications, riskClass).pool();
        List<String> libraries = plan.getTargetSubLibraries().isEmpty() ? List.of()
                : subLibraries.membership(r.getIndustryCode(), r.getLicences(), qualifications,
                        ProfileAssembly.membershipDistrict(r, state.getClaim()), pool);
        // The view shares the state's lists: what the draw remembers is in the state.
        return draw(view(state, riskClass, pool, libraries, at, at + 1), r.getCreditCode(), plan, inspectors);
    }

    /** Whether {@code v}'s assessment holds at the plan's instant, so the plan can draw from the view alone. */
    public static boolean holds(SamplingView v, SamplingPlan plan) {
        long at = plan.getEventTime().toEpochMilli();
        return v.getAssessedAt() <= at && at < v.getValidUntil();
    }

    /**
     * Takes part in a sampling plan, judged from the enterprise's view (which must {@link #holds hold} at the plan's
     * instant): a joint task with the plan's items when it is eligible and its draw falls below its class's ratio.
     * Items the same department inspected within the exclusion window are left out (the prudent pool is exempt), and
     * so are those already in its visit of the plan's period; a visit drawn by an earlier plan of the period takes
     * the items instead of a second task. The drawn items are remembered in the view ({@code v} is changed when a
     * task is drawn: the caller must store it).
     */
    public Draw draw(SamplingView v, String code, SamplingPlan plan, InspectorLibrary inspectors) {
        long at = plan.getEventTime().toEpochMilli();
        if (v.getEstablishedDay() > chinaDay(plan.getEventTime())) {
            return Draw.NONE;
        }
        RiskClass riskClass = v.getRiskClass();
        Pool pool = v.getPool();
        List<String> libraries = plan.getTargetSubLibraries().isEmpty() ? List.of() : v.getSubLibraries();
        if (SamplingDraw.ineligibility(plan, riskClass, pool, libraries) != null) {
            return Draw.NONE;
        }
        PoolRules.Sampling sampling = pools.sampling();
        boolean exempt = sampling.exemptPools().contains(pool);
        InspectionTask visit = v.getVisits().stream()
                .filter(w -> w.getPeriodEnd() != null && w.getPeriodEnd().toEpochMilli() > at
                        && plan.getPeriodStart().equals(w.getPeriodStart())
                        && plan.getPeriodEnd().equals(w.getPeriodEnd()))
                .reduce((first, later) -> later).orElse(null);
        List<PlanItem> items = new ArrayList<>();
        for (PlanItem item : plan.getItems()) {
            if ((exempt || !inspectedWithin(v.getInspections(), item.getDepartment(), item.getInspectionType(),
                    sampling.exclusion(), at)) && !contains(visit, item)) {
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return new Draw(null, null, true);
        }
        double u = SamplingDraw.uniform(plan.getSeed(), code);
        if (u >= SamplingDraw.ratio(plan.getRatios(), riskClass)) {
            return new Draw(null, riskClass, false);
        }
        // One extraction, one dispatch: a visit already drawn for this plan period takes this plan's items.
        removeWhere(v.getVisits(), w -> w.getPeriodEnd() != null && w.getPeriodEnd().toEpochMilli() <= at);
        InspectionTask task;
        if (visit == null) {
            task = InspectionTask.newBuilder()
                    .setTaskId(Inspections.taskId(plan.getPlanId(), code))
                    .setPlanId(plan.getPlanId())
                    .setCreditCode(code)
                    .setItems(items)
                    .setRiskClass(riskClass)
                    .setPool(pool)
                    .setUnitId(v.getUnitId())
                    .setDistrictCode(v.getDistrictCode())
                    .setDrawTime(plan.getEventTime())
                    .setDeadline(plan.getTaskDeadline())
                    .setSeed(plan.getSeed())
                    .setDraw(u)
                    .setInspectors(List.of())
                    .setPlans(new ArrayList<>(List.of(plan.getPlanId())))
                    .setRevision(1)
                    .setPeriodStart(plan.getPeriodStart())
                    .setPeriodEnd(plan.getPeriodEnd())
                    .build();
        } else {
            // The visit keeps its id, first plan, seed and draw; it gains the items, the plan, the earlier deadline.
            List<PlanItem> all = new ArrayList<>(visit.getItems());
            all.addAll(items);
            List<String> plans = new ArrayList<>(visit.getPlans());
            plans.add(plan.getPlanId());
            task = InspectionTask.newBuilder(visit)
                    .setItems(all)
                    .setPlans(plans)
                    .setRevision(visit.getRevision() + 1)
                    .setRiskClass(riskClass)
                    .setPool(pool)
                    .setDeadline(plan.getTaskDeadline().isBefore(visit.getDeadline()) ? plan.getTaskDeadline()
                            : visit.getDeadline())
                    .build();
            removeWhere(v.getVisits(), w -> w == visit);
        }
        // Teams for every department of the visit, from its seed: a department already there keeps its team
        // unless the library, its items' qualifications or this plan's own-unit rule changed who is fit.
        List<InspectionTeam> teams = inspectors.staff(task.getSeed(), code, v.getUnitId(),
                v.getDistrictCode(), task.getItems(), task.getDeadline(), plan.getInspectorsFromOtherUnit());
        task.setTeams(teams);
        task.setInspectors(teams.stream().flatMap(t -> t.getInspectors().stream()).toList());
        for (PlanItem item : items) {
            Inspections.inspected(v.getInspections(), item.getDepartment(), item.getInspectionType(), at,
                    task.getTaskId());
        }
        v.getVisits().add(task);
        return new Draw(task, riskClass, false);
    }

    /**
     * The enterprise as sampling plans see it, from its last assessment, with its inspections and visits; null if
     * no plan can draw it (not registered, no profile yet, deregistered). The view shares the state's lists.
     */
    public static SamplingView viewOf(EnterpriseState state) {
        EnterpriseRegistration r = state.getRegistration();
        PublishedProfile p = state.getPublished();
        if (r == null || p == null || r.getChange() == RegistrationChange.DEREGISTERED) {
            return null;
        }
        return view(state, p.getRiskClass(), p.getPool(), p.getSubLibraries(), state.getAssessedAt(),
                state.getValidUntil());
    }

    private static SamplingView view(EnterpriseState state, RiskClass riskClass, Pool pool, List<String> libraries,
                                     long from, long until) {
        Claim c = state.getClaim();
        return new SamplingView((int) state.getRegistration().getEstablishedDate().toEpochDay(), from, until,
                riskClass, pool, libraries, c == null ? null : c.getUnitId(), c == null ? null : c.getDistrictCode(),
                state.getInspections(), state.getVisits());
    }

    /** The China date of a plan's instant: converted once per plan, not once per enterprise it visits. */
    private long chinaDay(Instant at) {
        PlanDay d = planDay;
        if (!d.at().equals(at)) {
            d = new PlanDay(at, at.atZone(Window.CHINA).toLocalDate().toEpochDay());
            planDay = d;
        }
        return d.epochDay();
    }

    private static boolean contains(InspectionTask visit, PlanItem item) {
        if (visit == null) {
            return false;
        }
        for (PlanItem i : visit.getItems()) {
            if (i.getDepartment().equals(item.getDepartment()) && i.getInspectionType().equals(item.getInspectionType())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a check of this department and type before {@code at} still excludes at {@code at}. */
    private static boolean inspectedWithin(List<LastInspection> inspections, String department, String type,
                                           Window exclusion, long at) {
        for (LastInspection i : inspections) {
            if (i.getDepartment().equals(department) && i.getInspectionType().equals(type) && i.getTime() < at
                    && exclusion.open(i.getTime(), at)) {
                return true;
            }
        }
        return false;
    }
}
