package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.creditgrid.Fixtures;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.SamplingView;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/**
 * A plan draws most enterprises from their {@link SamplingView} alone; where the view holds at the plan's instant it
 * must draw exactly what the whole state draws (the task, and what is remembered for later plans). Random histories
 * (seeded: a failure names its seed), each followed by plans at random instants — before the last input, soon
 * after, long after — some of one period, some targeting sub-libraries.
 */
class SamplingViewTest extends OneEnterprise {

    static final AvroCodec<EnterpriseState> STATES = AvroCodec.of(EnterpriseState.class);
    static final AvroCodec<SamplingView> VIEWS = AvroCodec.of(SamplingView.class);
    static final List<PlanItem> ITEMS = List.of(new PlanItem("SAMR", "FOOD_SAFETY", null),
            new PlanItem("SAMR", "PRODUCT_QUALITY", null), new PlanItem("FIRE", "FIRE_SAFETY", null));

    @Test
    void whereTheViewHoldsItDrawsWhatTheWholeStateDraws() throws IOException {
        int judgedByView = 0;
        int soonAfter = 0;
        int drawn = 0;
        int excluded = 0;
        for (long seed = 0; seed < 400; seed++) {
            Random r = new Random(seed);
            String code = Fixtures.code((int) seed);
            state = EnterpriseSupervisor.emptyState();
            EnterpriseRegistration registration = r.nextBoolean() ? Fixtures.restaurant(code, Fixtures.T0)
                    : Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
            registration.setEstablishedDate(LocalDate.of(2021, 1, 1).plusDays(r.nextInt(2000)));
            register(registration);
            List<EnforcementEvent> history = OrderIndependenceTest.history(r, code);
            for (int i = 0; i < r.nextInt(4); i++) {
                history.add(Fixtures.event(code, "I" + i, Fixtures.at(r.nextInt(1500)), EventKind.INSPECTION_RESULT,
                        new InspectionOutcome(ITEMS.get(r.nextInt(2)).getInspectionType(),
                                InspectionResult.values()[r.nextInt(InspectionResult.values().length)], null)));
            }
            history.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
            List<EnforcementEvent> applied = history.subList(0, r.nextInt(history.size() + 1));
            for (EnforcementEvent e : applied) {
                apply(e);
            }
            long last = applied.isEmpty() ? 0 : applied.get(applied.size() - 1).getEventTime().toEpochMilli()
                    / Fixtures.DAY - Fixtures.T0.toEpochMilli() / Fixtures.DAY;
            Instant period = Fixtures.at(last + r.nextInt(60));
            for (int p = 0; p < 1 + r.nextInt(3); p++) {
                int when = r.nextInt(4);
                long day = switch (when) {
                    case 0 -> last - 1 - r.nextInt(200); // before the last input: the view cannot tell
                    case 1 -> last + 2000 + r.nextInt(1000); // long after: ages and records have moved on
                    default -> last + r.nextInt(90);
                };
                SamplingPlan plan = plan("P" + p, Fixtures.at(day), r.nextBoolean() ? period : Fixtures.at(day),
                        state.getPublished().getSubLibraries(), r);
                restore();
                EnterpriseState whole = copy(state);
                PlanDraw.Draw full = SUPERVISOR.plans().drawFor(whole, plan, InspectorLibrary.EMPTY);
                SamplingView view = PlanDraw.viewOf(copy(state));
                if (view != null && PlanDraw.holds(view, plan)) {
                    PlanDraw.Draw fromView = SUPERVISOR.plans().draw(view, code, plan, InspectorLibrary.EMPTY);
                    assertThat(fromView).as("seed %d plan %d", seed, p).isEqualTo(full);
                    // (compared as bytes: Avro's equals cannot compare arrays of records with timestamps)
                    assertThat(VIEWS.encode(view)).as("seed %d plan %d: what the view remembers", seed, p)
                            .isEqualTo(VIEWS.encode(PlanDraw.viewOf(whole)));
                    judgedByView += when >= 2 ? 1 : 0;
                }
                if (when == 0 && view != null) {
                    assertThat(PlanDraw.holds(view, plan)).as("before the view's assessment").isFalse();
                }
                if (full.task() != null) {
                    drawn++;
                    state = whole; // the operator stores the drawn enterprise
                }
                excluded += full.excluded() ? 1 : 0;
                soonAfter += when >= 2 ? 1 : 0;
            }
        }
        System.out.printf("the view held for %d of %d plans soon after the last input%n", judgedByView, soonAfter);
        assertThat(judgedByView).as("plans soon after the last input drawn from the view alone")
                .isGreaterThan(soonAfter / 2);
        assertThat(drawn).as("drawn (always through the state)").isGreaterThan(50);
        assertThat(excluded).as("left out by the exclusion or the visit").isGreaterThan(10);
    }

    @Test
    void noViewForWhatNoPlanCanDraw() {
        assertThat(PlanDraw.viewOf(state)).as("nothing registered yet").isNull();
        String code = Fixtures.code(7);
        apply(Fixtures.complaint(code, "E1", Fixtures.at(1)));
        assertThat(PlanDraw.viewOf(state)).as("events only").isNull();
        register(Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE));
        SamplingView view = PlanDraw.viewOf(state);
        assertThat(view.getRiskClass()).isEqualTo(state.getPublished().getRiskClass());
        assertThat(view.getAssessedAt()).isEqualTo(Fixtures.at(1).toEpochMilli());
        assertThat(view.getValidUntil()).isGreaterThan(view.getAssessedAt());
        EnterpriseRegistration gone = Fixtures.registration(code, Fixtures.at(5), Fixtures.TIANHE);
        gone.setEventId(code + "-R1");
        gone.setChange(org.creditgrid.schema.RegistrationChange.DEREGISTERED);
        supervisor().apply(state, EnterpriseInput.newBuilder().setRegistration(gone).setClaim(CLAIMS.claim(gone))
                .build());
        assertThat(PlanDraw.viewOf(state)).as("deregistered").isNull();
    }

    /** A plan of the given period (90 days) issued {@code at}: generous ratios, so draws happen; some target
     *  a sub-library the enterprise is in ({@code own}) or one it is not. */
    private static SamplingPlan plan(String id, Instant at, Instant periodStart, List<String> own, Random r) {
        List<PlanItem> items = new ArrayList<>(ITEMS.subList(0, 1 + r.nextInt(ITEMS.size())));
        List<String> targets = switch (r.nextInt(4)) {
            case 0 -> List.of("SL-NONE");
            case 1 -> own.isEmpty() ? List.of("SL-NONE") : List.of(own.get(r.nextInt(own.size())));
            default -> List.of();
        };
        return SamplingPlan.newBuilder().setPlanId(id).setEventTime(at).setPeriodStart(periodStart)
                .setPeriodEnd(periodStart.plusSeconds(90 * 86_400L)).setItems(items)
                .setRatios(new ClassRatios(0.5, 0.6, 0.7, 0.9)).setSeed(r.nextLong())
                .setTargetSubLibraries(targets)
                .setTaskDeadline(at.plusSeconds(30 * 86_400L)).build();
    }

    private static EnterpriseState copy(EnterpriseState s) {
        try {
            return STATES.decode(STATES.encode(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
