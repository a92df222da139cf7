package org.creditgrid.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.creditgrid.Fixtures.DAY;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.abnormal;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;
import static org.creditgrid.Fixtures.complaint;
import static org.creditgrid.Fixtures.event;
import static org.creditgrid.Fixtures.fine;
import static org.creditgrid.Fixtures.registration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.creditgrid.Fixtures;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.AnnualReport;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.InspectionResult;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.Reason;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.SeriousBasis;
import org.creditgrid.schema.SeriousListing;
import org.creditgrid.schema.TaxCreditGrade;
import org.creditgrid.schema.TaxGrade;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RiskModelTest {

    static RiskModel model;
    final String code = code(1);
    final EnterpriseRegistration established2015 = registration(code, T0, Fixtures.TIANHE);

    @BeforeAll
    static void load() throws IOException {
        model = new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION));
    }

    private Assessment assess(EnterpriseRegistration r, long asOfDays, EnforcementEvent... ledger) {
        return model.assess(r, List.of(ledger), List.of(), T0.toEpochMilli() + asOfDays * DAY);
    }

    private static int points(Assessment a, String indicator) {
        return a.reasons().stream().filter(r -> r.getIndicator().equals(indicator)).mapToInt(Reason::getPoints).sum();
    }

    @Test
    void anOldCleanEnterpriseIsAWithNoReasons() {
        Assessment a = assess(established2015, 0);
        assertThat(a.score()).isZero();
        assertThat(a.riskClass()).isEqualTo(RiskClass.A);
        assertThat(a.reasons()).isEmpty();
        assertThat(a.rulesVersion()).isEqualTo("2026.12-1");
    }

    @Test
    void ageAndHighRiskIndustryAreBasicIndicators() {
        EnterpriseRegistration young = registration(code, T0, null);
        young.setEstablishedDate(LocalDate.of(2024, 9, 1)); // 181 days before T0
        young.setIndustryCode("H6210");
        Assessment a = assess(young, 0);
        assertThat(points(a, "basic.age_under_1y")).isEqualTo(6);
        assertThat(points(a, "basic.high_risk_industry")).isEqualTo(4);
        assertThat(a.score()).isEqualTo(10);

        young.setEstablishedDate(LocalDate.of(2023, 3, 1));
        assertThat(points(assess(young, 0), "basic.age_1_to_3y")).isEqualTo(3);
    }

    @Test
    void fewerThanNinetyDaysOfHistoryIsAtLeastB() throws IOException {
        EnterpriseRegistration newborn = registration(code, T0, null);
        newborn.setEstablishedDate(LocalDate.of(2025, 2, 1));
        // Under the calibrated defaults any point is B already; the override shows with B from 20 points.
        RiskModel b20 = new RiskModel(RiskRules.parse(defaultsWith(n -> ((ObjectNode) n.get("classThresholds"))
                .put("b", 20)), "b20"));
        Assessment a = b20.assess(newborn, List.of(), List.of(), T0.toEpochMilli());
        assertThat(a.score()).isEqualTo(6);
        assertThat(a.riskClass()).isEqualTo(RiskClass.B);
        assertThat(a.reasons()).extracting(Reason::getIndicator).contains("override.short_history");
        assertThat(b20.assess(newborn, List.of(), List.of(), T0.toEpochMilli() + 90 * DAY).riskClass())
                .isEqualTo(RiskClass.A); // the override lapses by itself
        assertThat(assess(newborn, 0).riskClass()).isEqualTo(RiskClass.B);
    }

    @Test
    void theAbnormalListMakesAtLeastCAndCountsEightPointsForThreeYearsAfterRemoval() {
        EnforcementEvent added = abnormal(code, "e1", at(0));
        Assessment listed = assess(established2015, 1, added);
        assertThat(points(listed, "supervision.abnormal_list")).isEqualTo(20);
        assertThat(listed.riskClass()).isEqualTo(RiskClass.C);

        EnforcementEvent removed = event(code, "e2", at(30), EventKind.ABNORMAL_LIST_REMOVED, null);
        Assessment after = assess(established2015, 31, added, removed);
        assertThat(points(after, "supervision.abnormal_list")).isZero();
        assertThat(points(after, "supervision.abnormal_list_removed")).isEqualTo(8);
        assertThat(after.riskClass()).isEqualTo(RiskClass.B);
        // Removed 2025-03-31: three calendar years end on 2028-03-31, 1,096 days later (29 February 2028 between).
        assertThat(points(assess(established2015, 30 + 1095, added, removed), "supervision.abnormal_list_removed"))
                .isEqualTo(8);
        Assessment later = assess(established2015, 30 + 1096, added, removed);
        assertThat(points(later, "supervision.abnormal_list_removed")).isZero();
        assertThat(later.riskClass()).isEqualTo(RiskClass.A);
    }

    @Test
    void penaltiesCountWhilePublishedWithFieldAndHeavierWeights() {
        Assessment general = assess(established2015, 1, fine(code, "p1", at(0), 50_000, PenaltyField.GENERAL, false));
        assertThat(points(general, "supervision.penalty")).isEqualTo(8);
        Assessment food = assess(established2015, 1, fine(code, "p1", at(0), 50_000, PenaltyField.FOOD, false));
        assertThat(points(food, "supervision.penalty")).isEqualTo(12);
        Assessment heavier = assess(established2015, 1, fine(code, "p1", at(0), 50_000, PenaltyField.FOOD, true));
        assertThat(points(heavier, "supervision.penalty")).isEqualTo(15);
        // A low fine is published for 3 months only (from 1 March to 1 June: 92 days); others for 3 years.
        assertThat(points(assess(established2015, 91, fine(code, "p1", at(0), 2_000, PenaltyField.GENERAL, false)),
                "supervision.penalty")).isEqualTo(8);
        assertThat(points(assess(established2015, 92, fine(code, "p1", at(0), 2_000, PenaltyField.GENERAL, false)),
                "supervision.penalty")).isZero();
        // Three calendar years from 2025-03-01 end on 2028-03-01: 1,096 days, as 2028 is a leap year.
        assertThat(points(assess(established2015, 1095, fine(code, "p1", at(0), 50_000, PenaltyField.GENERAL, false)),
                "supervision.penalty")).isEqualTo(8);
        assertThat(points(assess(established2015, 1096, fine(code, "p1", at(0), 50_000, PenaltyField.GENERAL, false)),
                "supervision.penalty")).isZero();
    }

    @Test
    void creditRepairEndsAPenaltysPublicity() {
        EnforcementEvent p = fine(code, "p1", at(0), 50_000, PenaltyField.GENERAL, false);
        EnforcementEvent repaired = event(code, "r1", at(200), EventKind.CREDIT_REPAIRED,
                new org.creditgrid.schema.CreditRepair("D-p1"));
        assertThat(points(assess(established2015, 201, p, repaired), "supervision.penalty")).isZero();
    }

    @Test
    void creditRepairCountsOnlyOnceItIsAllowed() {
        EnforcementEvent general = fine(code, "p1", at(0), 50_000, PenaltyField.GENERAL, false);
        EnforcementEvent early = event(code, "r1", at(100), EventKind.CREDIT_REPAIRED,
                new org.creditgrid.schema.CreditRepair("D-p1"));
        assertThat(points(assess(established2015, 101, general, early), "supervision.penalty")).isEqualTo(8);
        EnforcementEvent food = fine(code, "p1", at(0), 50_000, PenaltyField.FOOD, false);
        EnforcementEvent afterSixMonths = event(code, "r1", at(200), EventKind.CREDIT_REPAIRED,
                new org.creditgrid.schema.CreditRepair("D-p1"));
        assertThat(points(assess(established2015, 201, food, afterSixMonths), "supervision.penalty")).isEqualTo(12);
        EnforcementEvent afterAYear = event(code, "r1", at(370), EventKind.CREDIT_REPAIRED,
                new org.creditgrid.schema.CreditRepair("D-p1"));
        assertThat(points(assess(established2015, 371, food, afterAYear), "supervision.penalty")).isZero();
    }

    @Test
    void complaintsTaxGradeAndCourtAreSocialIndicatorsCappedAtTen() {
        List<EnforcementEvent> ledger = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ledger.add(complaint(code, "c" + i, at(i)));
        }
        ledger.add(event(code, "t", at(20), EventKind.TAX_CREDIT_GRADE, new TaxGrade(TaxCreditGrade.D, 2024)));
        ledger.add(event(code, "k", at(21), EventKind.COURT_DISHONEST_DEBTOR, null));
        Assessment a = model.assess(established2015, ledger, List.of(), T0.toEpochMilli() + 30 * DAY);
        assertThat(points(a, "social.complaints")).isEqualTo(8);
        // 8 + 6 + 8 = 22 asked for, the dimension allows 10
        assertThat(a.reasons().stream().filter(r -> r.getIndicator().startsWith("social.")).mapToInt(Reason::getPoints).sum())
                .isEqualTo(10);
        assertThat(a.score()).isEqualTo(10);
    }

    @Test
    void complaintsOlderThanAYearNoLongerCount() {
        List<EnforcementEvent> ledger = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ledger.add(complaint(code, "c" + i, at(i)));
        }
        assertThat(points(model.assess(established2015, ledger, List.of(), T0.toEpochMilli() + 100 * DAY),
                "social.complaints")).isEqualTo(4);
        assertThat(points(model.assess(established2015, ledger, List.of(), T0.toEpochMilli() + 366 * DAY),
                "social.complaints")).isEqualTo(0);
    }

    @Test
    void theSeriousListIsDWhateverTheScore() {
        Assessment a = assess(established2015, 1,
                event(code, "s", at(0), EventKind.SERIOUS_LIST_ADDED, new SeriousListing(SeriousBasis.HEAVIER_PENALTY)));
        assertThat(a.score()).isZero();
        assertThat(a.riskClass()).isEqualTo(RiskClass.D);
        assertThat(a.reasons()).extracting(Reason::getIndicator).containsExactly("override.serious_list");
    }

    @Test
    void eventsAfterTheInstantAreIgnored() {
        assertThat(assess(established2015, 0, abnormal(code, "e1", at(5))).riskClass()).isEqualTo(RiskClass.A);
    }

    @Test
    void frequentRegistrationChangesAreADynamicIndicator() {
        long now = T0.toEpochMilli();
        Assessment a = model.assess(established2015, List.of(), List.of(now - 100 * DAY, now - 10 * DAY), now);
        assertThat(points(a, "dynamic.frequent_changes")).isEqualTo(4);
    }

    @Test
    void theAssessmentSaysWhenTimeAloneWillChangeIt() {
        // A clean enterprise established in 2015: its age thresholds are behind it, nothing is due.
        assertThat(assess(established2015, 0).validUntil()).isEqualTo(Long.MAX_VALUE);
        // A published penalty: due when its three-year publicity ends.
        EnforcementEvent p = fine(code, "p1", at(0), 50_000, PenaltyField.GENERAL, false);
        assertThat(assess(established2015, 10, p).validUntil()).isEqualTo(at(1096).toEpochMilli()); // 2028-03-01
        // Complaints: each one's year; the earliest first.
        assertThat(assess(established2015, 10, complaint(code, "c1", at(2)), complaint(code, "c2", at(5)))
                .validUntil()).isEqualTo(at(2 + 365).toEpochMilli());
        // A young enterprise: its first birthday.
        EnterpriseRegistration young = registration(code, T0, null);
        young.setEstablishedDate(LocalDate.of(2024, 9, 1));
        assertThat(assess(young, 0).validUntil()).isEqualTo(
                LocalDate.of(2025, 9, 1).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli());
    }

    @Test
    void threeYearsOnTheAbnormalListIsTheSeriousList() {
        EnforcementEvent added = abnormal(code, "e1", at(0));
        assertThat(assess(established2015, 1095, added).riskClass()).isEqualTo(RiskClass.C);
        assertThat(assess(established2015, 1095, added).validUntil()).isEqualTo(at(1096).toEpochMilli()); // 2028-03-01
        Assessment escalated = assess(established2015, 1096, added);
        assertThat(escalated.riskClass()).isEqualTo(RiskClass.D);
        assertThat(escalated.reasons()).anySatisfy(r -> assertThat(r.getDetail()).contains("three years"));
    }

    @Test
    void escalationToTheSeriousListOutlivesTheAbnormalRemovalAndEndsAfterThreeYears() {
        EnforcementEvent added = abnormal(code, "e1", at(0));
        EnforcementEvent removed = event(code, "e2", at(1200), EventKind.ABNORMAL_LIST_REMOVED, null);
        assertThat(assess(established2015, 1201, added, removed).riskClass()).isEqualTo(RiskClass.D);
        // Escalated 2028-03-01 (day 1,096); three calendar years later, 2031-03-01, is day 2,191.
        assertThat(assess(established2015, 1201, added, removed).validUntil()).isEqualTo(at(2191).toEpochMilli());
        Assessment after = assess(established2015, 2191, added, removed);
        assertThat(after.riskClass()).isEqualTo(RiskClass.B); // off the serious list; 8 points for the removal
        assertThat(points(after, "supervision.abnormal_list_removed")).isEqualTo(8);
    }

    @Test
    void theSeriousListEndsByItselfAfterThreeYears() {
        EnforcementEvent listed = event(code, "s", at(0), EventKind.SERIOUS_LIST_ADDED,
                new SeriousListing(SeriousBasis.HEAVIER_PENALTY));
        assertThat(assess(established2015, 1095, listed).riskClass()).isEqualTo(RiskClass.D);
        assertThat(assess(established2015, 1095, listed).validUntil()).isEqualTo(at(1096).toEpochMilli()); // 2028-03-01
        assertThat(assess(established2015, 1096, listed).riskClass()).isEqualTo(RiskClass.A);
    }

    @Test
    void anAddressSharedWithTenEnterprisesIsADynamicIndicator() {
        long now = T0.toEpochMilli();
        Assessment nine = model.assess(established2015, List.of(), List.of(), new Neighbourhood(9, 0), now);
        Assessment ten = model.assess(established2015, List.of(), List.of(), new Neighbourhood(10, 0), now);
        assertThat(points(nine, "dynamic.shared_address")).isZero();
        assertThat(points(ten, "dynamic.shared_address")).isEqualTo(6);
        assertThat(ten.reasons()).filteredOn(r -> r.getIndicator().equals("dynamic.shared_address"))
                .extracting(Reason::getDetail).containsExactly("registered address shared by 10 enterprises");
        assertThat(model.assess(established2015, List.of(), List.of(), new Neighbourhood(50, 0), now).reasons())
                .extracting(Reason::getDetail).contains("registered address shared by at least 50 enterprises");
    }

    @Test
    void aLegalRepresentativeSharedWithAFlaggedEnterpriseIsTheRelationshipsIndicator() {
        long now = T0.toEpochMilli();
        Assessment a = model.assess(established2015, List.of(), List.of(), new Neighbourhood(1, 2), now);
        assertThat(points(a, "relationships.related_high_risk")).isEqualTo(6);
        assertThat(a.reasons()).filteredOn(r -> r.getIndicator().equals("relationships.related_high_risk"))
                .extracting(Reason::getDimension).containsExactly(org.creditgrid.schema.Dimension.RELATIONSHIPS);
        assertThat(points(model.assess(established2015, List.of(), List.of(), new Neighbourhood(1, 0), now),
                "relationships.related_high_risk")).isZero();
    }

    @Test
    void relativesAreFlaggedByAnEnterprisesOwnRecordOnly() {
        Assessment serious = assess(established2015, 1,
                event(code, "s", at(0), EventKind.SERIOUS_LIST_ADDED, new SeriousListing(SeriousBasis.HEAVIER_PENALTY)));
        assertThat(serious.flagsRelatives()).isTrue();
        assertThat(assess(established2015, 1, abnormal(code, "e1", at(0))).flagsRelatives()).isFalse(); // C
        // 55 points of its own, D (60) only with a flagged relative's 6: it does not flag its relatives in turn.
        List<EnforcementEvent> ledger = List.of(abnormal(code, "e1", at(0)),                // 20
                fine(code, "p1", at(0), 50_000, PenaltyField.FOOD, true),                   // 15
                event(code, "n1", at(0), EventKind.INSPECTION_RESULT, new InspectionOutcome("FOOD_SAFETY",
                        InspectionResult.NOT_FOUND_AT_ADDRESS, null)),                      // 15, supervision capped at 45
                event(code, "y1", at(0), EventKind.ANNUAL_REPORT_OVERDUE, new AnnualReport(2024))); // 6
        long now = at(1).toEpochMilli();
        List<Long> changes = List.of(now - 100 * DAY, now - 10 * DAY);                       // 4
        Assessment alone = model.assess(established2015, ledger, changes, Neighbourhood.NONE, now);
        Assessment related = model.assess(established2015, ledger, changes, new Neighbourhood(1, 1), now);
        assertThat(alone.score()).isEqualTo(55);
        assertThat(alone.riskClass()).isEqualTo(RiskClass.C);
        assertThat(related.score()).isEqualTo(61);
        assertThat(related.riskClass()).isEqualTo(RiskClass.D);
        assertThat(related.flagsRelatives()).as("55 of its own: not D without the relative").isFalse();
        Assessment ownD = model.assess(established2015, append(ledger,
                event(code, "t1", at(0), EventKind.TAX_CREDIT_GRADE, new TaxGrade(TaxCreditGrade.D, 2024))),
                changes, Neighbourhood.NONE, now);
        assertThat(ownD.score()).isEqualTo(61);
        assertThat(ownD.flagsRelatives()).isTrue();
    }

    private static List<EnforcementEvent> append(List<EnforcementEvent> ledger, EnforcementEvent... more) {
        List<EnforcementEvent> all = new ArrayList<>(ledger);
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void rulesFilesAreValidatedOnLoad() throws IOException {
        assertThatThrownBy(() -> RiskRules.parse(defaultsWith(n -> ((ObjectNode) n.get("indicators").get("sharedAddress"))
                .put("minEnterprises", 51)), "test")).hasMessageContaining("sharedAddress");
        assertThatThrownBy(() -> RiskRules.parse(defaultsWith(n -> ((ObjectNode) n.get("indicators"))
                .remove("relatedHighRisk")), "test")).hasMessageContaining("relatedHighRisk");
        assertThatThrownBy(() -> RiskRules.parse(defaultsWith(n -> ((ObjectNode) n.get("indicators"))
                .putObject("luckyNumber").put("points", 1)), "test")).hasMessageContaining("luckyNumber");
        assertThatThrownBy(() -> RiskRules.parse(defaultsWith(n -> ((ObjectNode) n.get("classThresholds"))
                .put("b", 45)), "test")).hasMessageContaining("0 < b < c < d");
        assertThatThrownBy(() -> RiskRules.parse(defaultsWith(n -> ((ObjectNode) n.get("indicators").get("courtDishonest"))
                .put("points", -3)), "test")).hasMessageContaining("courtDishonest");
        assertThatThrownBy(() -> RiskRules.parse(defaultsWith(n -> ((ObjectNode) n.get("indicators").get("highRiskIndustry"))
                .putNull("licences")), "test")).hasMessageContaining("licences");
        assertThat(RiskRules.parse(defaultsWith(n -> { }), "test").problems()).isEmpty();
    }

    private static java.io.InputStream defaultsWith(java.util.function.Consumer<JsonNode> change) throws IOException {
        ObjectMapper m = new ObjectMapper();
        JsonNode n;
        try (java.io.InputStream in = org.creditgrid.io.Resources.open(RiskRules.DEFAULT_LOCATION)) {
            n = m.readTree(in);
        }
        change.accept(n);
        return new ByteArrayInputStream(m.writeValueAsBytes(n));
    }
}
