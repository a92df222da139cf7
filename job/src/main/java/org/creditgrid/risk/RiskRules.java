package org.creditgrid.risk;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.creditgrid.calendar.Window;
import org.creditgrid.io.Resources;
import org.creditgrid.schema.Dimension;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TaxCreditGrade;

/**
 * A version of the risk rules: every weight, window, threshold and override of the model. Loaded from a JSON file
 * (default {@code rules/risk-rules.json} on the classpath) and validated on load: an unknown indicator or field, a
 * missing one, a negative weight or thresholds out of order are rejected with the path of the problem.
 */
public record RiskRules(
        String version,
        String description,
        Thresholds classThresholds,
        Map<Dimension, Integer> dimensionCaps,
        Indicators indicators,
        Overrides overrides) {

    /** Lower bounds of classes B, C and D on the score; below {@code b} is A. */
    public record Thresholds(int b, int c, int d) {}

    public record Points(int points) {}

    public record Windowed(int points, @JsonAlias("windowDays") Window window) {}

    public record HighRiskIndustry(int points, List<String> industryPrefixes, List<Licence> licences) {}

    public record FrequentChanges(int points, int minChanges, @JsonAlias("windowDays") Window window) {}

    public record PenaltyRule(int points, int keyFieldPoints, int heavierPoints, List<PenaltyField> keyFields,
                              @JsonAlias("windowDays") Window window,
                              @JsonAlias("minorWindowDays") Window minorWindow, long minorFineBelow,
                              @JsonAlias("repairAfterDays") Window repairAfter,
                              @JsonAlias("keyFieldRepairAfterDays") Window keyFieldRepairAfter) {}

    public record SharedAddress(int points, int minEnterprises) {}

    public record Tier(int min, int points) {}

    public record Complaints(@JsonAlias("windowDays") Window window, List<Tier> tiers) {}

    public record TaxGradeRule(Map<TaxCreditGrade, Integer> gradePoints) {}

    public record Indicators(
            Points ageUnder1y,
            Points age1To3y,
            HighRiskIndustry highRiskIndustry,
            Windowed annualReportOverdue,
            FrequentChanges frequentChanges,
            SharedAddress sharedAddress,
            Points abnormalList,
            Windowed abnormalListRemoved,
            PenaltyRule penalty,
            Windowed inspectionProblem,
            Windowed notFoundAtAddress,
            Complaints complaints,
            TaxGradeRule taxGrade,
            Points courtDishonest,
            Points relatedHighRisk) {}

    public record Overrides(RiskClass seriousList, RiskClass abnormalListAtLeast,
                            @JsonAlias("abnormalListToSeriousDays") Window abnormalListToSerious,
                            @JsonAlias("seriousListDays") Window seriousListLasts, RiskClass licenceRevoked,
                            @JsonAlias("shortHistoryDays") Window shortHistory, RiskClass shortHistoryClass) {}

    /**
     * Groups count their members exactly up to this many (beyond it a member only learns "at least this many"), so
     * a group threshold may not exceed it.
     */
    public static final int MAX_GROUP_THRESHOLD = 50;

    public static final String DEFAULT_LOCATION = "classpath:rules/risk-rules.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    public static RiskRules load(String location) throws IOException {
        try (InputStream in = Resources.open(location)) {
            return parse(in, location);
        }
    }

    public static RiskRules parse(InputStream in, String origin) throws IOException {
        RiskRules rules;
        try {
            rules = MAPPER.readValue(in, RiskRules.class);
        } catch (IOException e) {
            throw new IOException("risk rules " + origin + " rejected: " + e.getMessage(), e);
        }
        List<String> problems = rules.problems();
        if (!problems.isEmpty()) {
            throw new IOException("risk rules " + origin + " rejected: " + String.join("; ", problems));
        }
        return rules;
    }

    /** Everything wrong with this version; empty when it may be used. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (version == null || version.isBlank()) {
            p.add("version is missing");
        }
        if (classThresholds == null || indicators == null || overrides == null || dimensionCaps == null) {
            p.add("classThresholds, dimensionCaps, indicators and overrides are all required");
            return p;
        }
        Thresholds t = classThresholds;
        if (!(0 < t.b() && t.b() < t.c() && t.c() < t.d() && t.d() <= 100)) {
            p.add("classThresholds must satisfy 0 < b < c < d <= 100, got " + t);
        }
        for (Dimension d : Dimension.values()) {
            if (d != Dimension.OVERRIDE && (dimensionCaps.get(d) == null || dimensionCaps.get(d) < 0)) {
                p.add("dimensionCaps." + d + " must be present and >= 0");
            }
        }
        Indicators i = indicators;
        nonNegative(p, "ageUnder1y", i.ageUnder1y() == null ? -1 : i.ageUnder1y().points());
        nonNegative(p, "age1To3y", i.age1To3y() == null ? -1 : i.age1To3y().points());
        nonNegative(p, "highRiskIndustry", i.highRiskIndustry() == null ? -1 : i.highRiskIndustry().points());
        if (i.highRiskIndustry() != null && (i.highRiskIndustry().industryPrefixes() == null
                || i.highRiskIndustry().licences() == null)) {
            p.add("indicators.highRiskIndustry needs industryPrefixes and licences (empty lists are fine)");
        }
        windowed(p, "annualReportOverdue", i.annualReportOverdue());
        if (i.frequentChanges() == null || i.frequentChanges().points() < 0 || i.frequentChanges().window() == null
                || i.frequentChanges().window().empty()) {
            p.add("indicators.frequentChanges needs points >= 0 and a window");
        }
        SharedAddress sa = i.sharedAddress();
        if (sa == null || sa.points() < 0 || sa.minEnterprises() < 2 || sa.minEnterprises() > MAX_GROUP_THRESHOLD) {
            p.add("indicators.sharedAddress needs points >= 0 and 2 <= minEnterprises <= " + MAX_GROUP_THRESHOLD);
        }
        nonNegative(p, "abnormalList", i.abnormalList() == null ? -1 : i.abnormalList().points());
        windowed(p, "abnormalListRemoved", i.abnormalListRemoved());
        PenaltyRule pr = i.penalty();
        if (pr == null || pr.points() < 0 || pr.keyFieldPoints() < 0 || pr.heavierPoints() < 0
                || pr.window() == null || pr.minorWindow() == null || pr.keyFields() == null
                || pr.repairAfter() == null || pr.keyFieldRepairAfter() == null || pr.window().empty()
                || pr.minorWindow().empty()) {
            p.add("indicators.penalty needs non-negative points, keyFields, window, minorWindow, repairAfter and"
                    + " keyFieldRepairAfter");
        } else if (pr.minorWindow().longerThan(pr.window())) {
            p.add("indicators.penalty.minorWindow must not exceed window");
        }
        windowed(p, "inspectionProblem", i.inspectionProblem());
        windowed(p, "notFoundAtAddress", i.notFoundAtAddress());
        Complaints c = i.complaints();
        if (c == null || c.window() == null || c.window().empty() || c.tiers() == null) {
            p.add("indicators.complaints needs a window and tiers");
        } else {
            int lastMin = 0;
            for (Tier tier : c.tiers()) {
                if (tier.min() <= lastMin || tier.points() < 0) {
                    p.add("indicators.complaints.tiers must have increasing min > 0 and points >= 0");
                    break;
                }
                lastMin = tier.min();
            }
        }
        if (i.taxGrade() == null || i.taxGrade().gradePoints() == null
                || i.taxGrade().gradePoints().values().stream().anyMatch(v -> v == null || v < 0)) {
            p.add("indicators.taxGrade.gradePoints must be non-negative");
        }
        nonNegative(p, "courtDishonest", i.courtDishonest() == null ? -1 : i.courtDishonest().points());
        nonNegative(p, "relatedHighRisk", i.relatedHighRisk() == null ? -1 : i.relatedHighRisk().points());
        Overrides o = overrides;
        if (o.seriousList() == null || o.abnormalListAtLeast() == null || o.licenceRevoked() == null
                || o.shortHistoryClass() == null || o.shortHistory() == null || o.abnormalListToSerious() == null
                || o.seriousListLasts() == null || o.abnormalListToSerious().empty() || o.seriousListLasts().empty()) {
            p.add("overrides need seriousList, abnormalListAtLeast, abnormalListToSerious, seriousListLasts,"
                    + " licenceRevoked, shortHistoryClass and shortHistory");
        }
        return p;
    }

    private static void nonNegative(List<String> p, String name, int points) {
        if (points < 0) {
            p.add("indicators." + name + " must be present with points >= 0");
        }
    }

    private static void windowed(List<String> p, String name, Windowed w) {
        if (w == null || w.points() < 0 || w.window() == null || w.window().empty()) {
            p.add("indicators." + name + " needs points >= 0 and a window");
        }
    }

    public RiskClass classOf(int score) {
        if (score >= classThresholds.d()) {
            return RiskClass.D;
        }
        if (score >= classThresholds.c()) {
            return RiskClass.C;
        }
        return score >= classThresholds.b() ? RiskClass.B : RiskClass.A;
    }
}
