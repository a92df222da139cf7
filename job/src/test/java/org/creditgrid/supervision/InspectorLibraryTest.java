package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.creditgrid.schema.InspectionTeam;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.InspectorStatus;
import org.creditgrid.schema.PlanItem;
import org.junit.jupiter.api.Test;

/** The second random of "double random": who is sent, in plain Java. */
class InspectorLibraryTest {

    static final Instant DEADLINE = Instant.parse("2026-08-20T00:00:00Z");
    static final List<PlanItem> FOOD_AND_QUALITY = List.of(
            new PlanItem("SAMR-FOOD", "FOOD_SAFETY", "FOOD_INSPECTOR"),
            new PlanItem("SAMR", "LICENCE_COMPLIANCE", null),
            new PlanItem("SAMR", "PRODUCT_QUALITY", "QUALITY_INSPECTOR"));

    static Inspector inspector(String id, String department, String unit, String district, List<String> qualifications,
                               Instant validUntil, InspectorStatus status, List<String> conflicts) {
        return new Inspector(id, "", department, unit, district, qualifications, validUntil, status, conflicts,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    static Inspector fit(String id, String department, String unit, String district, String... qualifications) {
        return inspector(id, department, unit, district, List.of(qualifications), DEADLINE.plusSeconds(1),
                InspectorStatus.ACTIVE, List.of());
    }

    @Test
    void eachDepartmentSendsTwoFitInspectorsAndNoUnfitOne() {
        List<Inspector> all = new ArrayList<>(List.of(
                fit("F1", "SAMR-FOOD", "U1", "440104", "FOOD_INSPECTOR"),
                fit("F2", "SAMR-FOOD", "U2", "440104", "FOOD_INSPECTOR"),
                fit("Q1", "SAMR", "U1", "440104", "QUALITY_INSPECTOR"),
                fit("Q2", "SAMR", "U2", "440104", "QUALITY_INSPECTOR", "FOOD_INSPECTOR"),
                // each unfit in exactly one way
                fit("F3-unqualified", "SAMR-FOOD", "U1", "440104"),
                inspector("F4-expired", "SAMR-FOOD", "U1", "440104", List.of("FOOD_INSPECTOR"),
                        DEADLINE.minusSeconds(86_400), InspectorStatus.ACTIVE, List.of()),
                inspector("F5-conflicted", "SAMR-FOOD", "U1", "440104", List.of("FOOD_INSPECTOR"),
                        DEADLINE.plusSeconds(86_400), InspectorStatus.ACTIVE, List.of("ENT-1")),
                inspector("Q3-suspended", "SAMR", "U1", "440104", List.of("QUALITY_INSPECTOR"),
                        DEADLINE.plusSeconds(86_400), InspectorStatus.SUSPENDED, List.of()),
                fit("Q4-unqualified", "SAMR", "U1", "440104")));
        InspectorLibrary library = InspectorLibrary.of(all);
        for (long seed = 0; seed < 200; seed++) {
            List<InspectionTeam> teams = library.staff(seed, "ENT-1", "U1", "440104", FOOD_AND_QUALITY, DEADLINE, false);
            assertThat(teams).extracting(InspectionTeam::getDepartment).containsExactly("SAMR-FOOD", "SAMR");
            assertThat(teams.get(0).getInspectors()).containsExactlyInAnyOrder("F1", "F2");
            assertThat(teams.get(1).getInspectors()).containsExactlyInAnyOrder("Q1", "Q2");
            assertThat(teams).allSatisfy(t -> assertThat(t.getShortfall()).isNull());
        }
    }

    @Test
    void anItemWithoutQualificationAcceptsAnyInspectorOfItsDepartment() {
        InspectorLibrary library = InspectorLibrary.of(List.of(fit("S1", "SAMR", "U1", "440104"),
                fit("S2", "SAMR", "U1", "440104"), fit("F1", "SAMR-FOOD", "U1", "440104")));
        List<InspectionTeam> teams = library.staff(7, "ENT-1", "U1", "440104",
                List.of(new PlanItem("SAMR", "LICENCE_COMPLIANCE", null)), DEADLINE, false);
        assertThat(teams).hasSize(1);
        assertThat(teams.get(0).getInspectors()).containsExactlyInAnyOrder("S1", "S2");
    }

    @Test
    void aPlanAskingForOutsidersNeverSendsTheEnterprisesOwnUnit() {
        List<Inspector> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(fit("OWN" + i, "SAMR", "U1", "440104"));
        }
        all.add(fit("OUT1", "SAMR", "U2", "440104"));
        all.add(fit("OUT2", "SAMR", "U3", "440104"));
        InspectorLibrary library = InspectorLibrary.of(all);
        List<PlanItem> items = List.of(new PlanItem("SAMR", "LICENCE_COMPLIANCE", null));
        for (long seed = 0; seed < 100; seed++) {
            assertThat(library.staff(seed, "ENT-" + seed, "U1", "440104", items, DEADLINE, true).get(0).getInspectors())
                    .containsExactlyInAnyOrder("OUT1", "OUT2");
        }
        // without the requirement the own unit is allowed (and, with ten of twelve, usually drawn)
        long own = 0;
        for (long seed = 0; seed < 100; seed++) {
            own += library.staff(seed, "ENT-" + seed, "U1", "440104", items, DEADLINE, false).get(0).getInspectors()
                    .stream().filter(id -> id.startsWith("OWN")).count();
        }
        assertThat(own).isGreaterThan(100);
    }

    @Test
    void theDistrictFirstThenTheCityThenAShortfallThatSaysWhy() {
        InspectorLibrary library = InspectorLibrary.of(List.of(fit("HERE", "SAMR", "U1", "440104"),
                fit("THERE1", "SAMR", "U9", "440106"), fit("THERE2", "SAMR", "U9", "440106"),
                fit("THERE3", "SAMR", "U9", "440106")));
        List<PlanItem> items = List.of(new PlanItem("SAMR", "LICENCE_COMPLIANCE", null));
        for (long seed = 0; seed < 50; seed++) {
            List<String> team = library.staff(seed, "ENT-1", "U1", "440104", items, DEADLINE, false).get(0)
                    .getInspectors();
            assertThat(team).hasSize(2).contains("HERE"); // the only local one always goes
        }
        InspectionTeam none = library.staff(1, "ENT-1", "U1", "440104",
                List.of(new PlanItem("SAMR-FOOD", "FOOD_SAFETY", "FOOD_INSPECTOR")), DEADLINE, false).get(0);
        assertThat(none.getInspectors()).isEmpty();
        assertThat(none.getShortfall()).contains("only 0 fit inspector(s) of SAMR-FOOD").contains("FOOD_INSPECTOR");
    }

    @Test
    void theTeamsAreAPureFunctionOfSeedEnterpriseAndLibraryNotOfArrivalOrder() {
        List<Inspector> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            all.add(fit(String.format("I%02d", i), "SAMR", "U" + (i % 4), "440104", "QUALITY_INSPECTOR"));
        }
        List<Inspector> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(3));
        InspectorLibrary a = InspectorLibrary.of(all);
        InspectorLibrary b = InspectorLibrary.of(shuffled);
        assertThat(a.digest()).isEqualTo(b.digest()).hasSize(64);
        for (int e = 0; e < 100; e++) {
            assertThat(a.staff(42, "ENT-" + e, "U0", "440104", FOOD_AND_QUALITY, DEADLINE, false))
                    .isEqualTo(b.staff(42, "ENT-" + e, "U0", "440104", FOOD_AND_QUALITY, DEADLINE, false));
        }
        // another seed draws other teams
        assertThat(a.staff(43, "ENT-1", "U0", "440104", FOOD_AND_QUALITY, DEADLINE, false))
                .isNotEqualTo(a.staff(42, "ENT-1", "U0", "440104", FOOD_AND_QUALITY, DEADLINE, false));
        // one changed record changes the digest
        all.set(0, fit("I00", "SAMR", "U0", "440104"));
        assertThat(InspectorLibrary.of(all).digest()).isNotEqualTo(a.digest());
    }

    @Test
    void everyFitInspectorIsDrawnAboutEquallyOften() {
        List<Inspector> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(fit("I" + i, "SAMR", "U1", "440104"));
        }
        InspectorLibrary library = InspectorLibrary.of(all);
        Map<String, Integer> times = new HashMap<>();
        int visits = 20_000;
        for (int e = 0; e < visits; e++) {
            library.staff(11, "ENT-" + e, "U1", "440104", List.of(new PlanItem("SAMR", "LICENCE_COMPLIANCE", null)),
                    DEADLINE, false).get(0).getInspectors().forEach(id -> times.merge(id, 1, Integer::sum));
        }
        // each is expected in 2/10 of the visits (4,000); binomial sd ~57, so 3,700..4,300 is > 5 sd wide
        assertThat(times).hasSize(10);
        assertThat(times.values()).allSatisfy(n -> assertThat(n).isBetween(3_700, 4_300));
    }

    @Test
    void unfitnessNamesTheReason() {
        InspectorLibrary.Assignment a = new InspectorLibrary.Assignment("SAMR", java.util.Set.of("QUALITY_INSPECTOR"),
                "ENT-1", "U1", DEADLINE, true);
        assertThat(InspectorLibrary.unfitness(fit("X", "SAMR", "U2", "440104", "QUALITY_INSPECTOR"), a)).isNull();
        assertThat(InspectorLibrary.unfitness(fit("X", "SAMR-FOOD", "U2", "440104", "QUALITY_INSPECTOR"), a))
                .contains("department");
        assertThat(InspectorLibrary.unfitness(fit("X", "SAMR", "U1", "440104", "QUALITY_INSPECTOR"), a))
                .contains("own unit");
        assertThat(InspectorLibrary.unfitness(fit("X", "SAMR", "U2", "440104"), a)).contains("lacks");
        assertThat(InspectorLibrary.unfitness(inspector("X", "SAMR", "U2", "440104", List.of("QUALITY_INSPECTOR"),
                DEADLINE.minusMillis(1), InspectorStatus.ACTIVE, List.of()), a)).contains("certificate");
        assertThat(InspectorLibrary.unfitness(inspector("X", "SAMR", "U2", "440104", List.of("QUALITY_INSPECTOR"),
                DEADLINE, InspectorStatus.RETIRED, List.of()), a)).contains("RETIRED");
        assertThat(InspectorLibrary.unfitness(inspector("X", "SAMR", "U2", "440104", List.of("QUALITY_INSPECTOR"),
                DEADLINE, InspectorStatus.ACTIVE, List.of("ENT-1")), a)).contains("conflict");
    }
}
