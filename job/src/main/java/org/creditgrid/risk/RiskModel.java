package org.creditgrid.risk;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.creditgrid.calendar.Window;
import org.creditgrid.schema.AnnualReport;
import org.creditgrid.schema.CreditRepair;
import org.creditgrid.schema.Dimension;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.PenaltyKind;
import org.creditgrid.schema.PenaltyProcedure;
import org.creditgrid.schema.Reason;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TaxCreditGrade;
import org.creditgrid.schema.TaxGrade;

/**
 * The credit-risk model of RULES.md: a score R in 0..100 over five capped dimensions, a class from the thresholds,
 * then the overrides. A pure function of (registration, ledger of enforcement records, registration-change times,
 * instant): it is recomputed from the ledger rather than kept as running counters, so a late event lands in its true
 * place and records that expire simply stop counting. What depends on other enterprises (a shared registered address,
 * a legal representative shared with a flagged enterprise) comes in as a {@link Neighbourhood}.
 */
public final class RiskModel {

    private static final ZoneId CHINA = Window.CHINA;
    /** The age bands of the basic dimension (indicators {@code basic.age_under_1y}, {@code basic.age_1_to_3y}). */
    private static final Window ONE_YEAR = Window.years(1);
    private static final Window THREE_YEARS = Window.years(3);

    private final RiskRules rules;

    public RiskModel(RiskRules rules) {
        this.rules = rules;
    }

    public RiskRules rules() {
        return rules;
    }

    /**
     * Assesses an enterprise as of {@code asOf} (epoch ms).
     *
     * @param ledger enforcement records sorted by event time; those after {@code asOf} are ignored
     * @param registrationChanges event times of address or legal-representative changes
     */
    public Assessment assess(EnterpriseRegistration registration, List<EnforcementEvent> ledger,
                             List<Long> registrationChanges, long asOf) {
        return assess(registration, ledger, registrationChanges, Neighbourhood.NONE, asOf);
    }

    /**
     * Assesses an enterprise as of {@code asOf} (epoch ms), with what its groups told it.
     *
     * @param ledger enforcement records sorted by event time; those after {@code asOf} are ignored
     * @param registrationChanges event times of address or legal-representative changes
     */
    public Assessment assess(EnterpriseRegistration registration, List<EnforcementEvent> ledger,
                             List<Long> registrationChanges, Neighbourhood neighbourhood, long asOf) {
        RiskRules.Indicators ind = rules.indicators();
        Map<Dimension, List<Reason>> byDimension = new EnumMap<>(Dimension.class);
        Horizon horizon = new Horizon(asOf);

        // ---- basic: age and high-risk industry or licence
        long established = LocalDate.from(registration.getEstablishedDate()).atStartOfDay(CHINA).toInstant().toEpochMilli();
        long shortHistoryEnds = rules.overrides().shortHistory().end(established);
        long firstAnniversary = ONE_YEAR.end(established);
        long thirdAnniversary = THREE_YEARS.end(established);
        horizon.at(shortHistoryEnds);
        horizon.at(firstAnniversary);
        horizon.at(thirdAnniversary);
        if (asOf < firstAnniversary) {
            add(byDimension, Dimension.BASIC, "basic.age_under_1y", ind.ageUnder1y().points(),
                    "established " + registration.getEstablishedDate());
        } else if (asOf < thirdAnniversary) {
            add(byDimension, Dimension.BASIC, "basic.age_1_to_3y", ind.age1To3y().points(),
                    "established " + registration.getEstablishedDate());
        }
        String highRisk = highRiskEvidence(registration, ind.highRiskIndustry());
        if (highRisk != null) {
            add(byDimension, Dimension.BASIC, "basic.high_risk_industry", ind.highRiskIndustry().points(), highRisk);
        }

        // ---- walk the ledger up to asOf
        Long abnormalSince = null;
        Long abnormalRemovedAt = null;
        Long seriousSince = null;
        Long seriousRemovedAt = null;
        Long escalatedAt = null;
        Window escalation = rules.overrides().abnormalListToSerious();
        boolean courtDishonest = false;
        TaxCreditGrade taxGrade = null;
        Map<String, EnforcementEvent> penalties = new HashMap<>();
        TreeSet<Integer> overdueYears = new TreeSet<>();
        Long lastProblem = null;
        Long lastNotFound = null;
        int complaints = 0;
        for (EnforcementEvent e : ledger) {
            long t = e.getEventTime().toEpochMilli();
            if (t > asOf) {
                horizon.at(t); // a record dated later takes effect then
                break;
            }
            switch (e.getKind()) {
                case ANNUAL_REPORT_OVERDUE -> {
                    long ends = ind.annualReportOverdue().window().end(t);
                    horizon.at(ends);
                    if (asOf < ends) {
                        overdueYears.add(((AnnualReport) e.getDetail()).getYear());
                    }
                }
                case ABNORMAL_LIST_ADDED -> {
                    if (abnormalSince == null) {
                        abnormalSince = t;
                    }
                }
                case ABNORMAL_LIST_REMOVED -> {
                    if (abnormalSince != null) {
                        if (t >= escalation.end(abnormalSince)) {
                            escalatedAt = escalation.end(abnormalSince); // was on the serious list by then
                        }
                        abnormalSince = null;
                        abnormalRemovedAt = t;
                    }
                }
                // Each listing decision runs seriousListLasts unless removed; the latest one counts.
                case SERIOUS_LIST_ADDED -> seriousSince = t;
                case SERIOUS_LIST_REMOVED -> {
                    seriousSince = null;
                    seriousRemovedAt = t;
                }
                case PENALTY -> penalties.put(((Penalty) e.getDetail()).getDecisionId(), e);
                case CREDIT_REPAIRED -> {
                    // Repair ends publicity only once it is allowed: 6 months after the penalty, 12 in key fields.
                    EnforcementEvent penalty = penalties.get(((CreditRepair) e.getDetail()).getDecisionId());
                    if (penalty != null) {
                        Penalty p = (Penalty) penalty.getDetail();
                        Window wait = ind.penalty().keyFields().contains(p.getField())
                                ? ind.penalty().keyFieldRepairAfter() : ind.penalty().repairAfter();
                        if (t >= wait.end(penalty.getEventTime().toEpochMilli())) {
                            penalties.remove(p.getDecisionId());
                        }
                    }
                }
                case INSPECTION_RESULT -> {
                    switch (((InspectionOutcome) e.getDetail()).getOutcome()) {
                        case PROBLEM_CORRECTED, VIOLATION_CASE -> lastProblem = t;
                        case NOT_FOUND_AT_ADDRESS -> lastNotFound = t;
                        default -> { }
                    }
                }
                case COMPLAINT -> {
                    long ends = ind.complaints().window().end(t);
                    horizon.at(ends);
                    if (asOf < ends) {
                        complaints++;
                    }
                }
                case TAX_CREDIT_GRADE -> taxGrade = ((TaxGrade) e.getDetail()).getGrade();
                case COURT_DISHONEST_DEBTOR -> courtDishonest = true;
                default -> { }
            }
        }

        // ---- dynamic
        for (Integer year : overdueYears) {
            add(byDimension, Dimension.DYNAMIC, "dynamic.annual_report_overdue", ind.annualReportOverdue().points(),
                    "annual report " + year + " overdue");
        }
        RiskRules.FrequentChanges fc = ind.frequentChanges();
        long recentChanges = registrationChanges.stream()
                .filter(t -> t <= asOf && fc.window().open(t, asOf)).count();
        registrationChanges.forEach(t -> horizon.at(fc.window().end(t)));
        if (recentChanges >= fc.minChanges()) {
            add(byDimension, Dimension.DYNAMIC, "dynamic.frequent_changes", fc.points(),
                    recentChanges + " address or legal-representative changes in " + fc.window());
        }
        if (neighbourhood.addressMembers() >= ind.sharedAddress().minEnterprises()) {
            add(byDimension, Dimension.DYNAMIC, "dynamic.shared_address", ind.sharedAddress().points(),
                    "registered address shared by " + (neighbourhood.addressMembers() >= RiskRules.MAX_GROUP_THRESHOLD
                            ? "at least " : "") + neighbourhood.addressMembers() + " enterprises");
        }

        // ---- relationships
        if (neighbourhood.flaggedRelatives() > 0) {
            add(byDimension, Dimension.RELATIONSHIPS, "relationships.related_high_risk", ind.relatedHighRisk().points(),
                    "legal representative shared with " + neighbourhood.flaggedRelatives()
                            + " D-class or serious-list enterprise(s)");
        }

        // ---- supervision
        // Serious list: from a listing or from three years on the abnormal list; it ends by removal or after
        // seriousListLasts.
        Window serious = rules.overrides().seriousListLasts();
        if (abnormalSince != null) {
            long escalates = escalation.end(abnormalSince);
            horizon.at(escalates);
            if (asOf >= escalates) {
                escalatedAt = escalates;
            }
        }
        if (escalatedAt != null && seriousRemovedAt != null && seriousRemovedAt >= escalatedAt) {
            escalatedAt = null;
        }
        boolean listed = seriousSince != null && serious.open(seriousSince, asOf);
        boolean abnormalTooLong = escalatedAt != null && serious.open(escalatedAt, asOf);
        if (seriousSince != null) {
            horizon.at(serious.end(seriousSince));
        }
        if (escalatedAt != null) {
            horizon.at(serious.end(escalatedAt));
        }
        if (abnormalRemovedAt != null) {
            horizon.at(ind.abnormalListRemoved().window().end(abnormalRemovedAt));
        }
        if (abnormalSince != null) {
            add(byDimension, Dimension.SUPERVISION, "supervision.abnormal_list", ind.abnormalList().points(),
                    "on the abnormal list since " + day(abnormalSince));
        } else if (abnormalRemovedAt != null && ind.abnormalListRemoved().window().open(abnormalRemovedAt, asOf)) {
            add(byDimension, Dimension.SUPERVISION, "supervision.abnormal_list_removed", ind.abnormalListRemoved().points(),
                    "removed from the abnormal list on " + day(abnormalRemovedAt));
        }
        boolean revoked = false;
        RiskRules.PenaltyRule pr = ind.penalty();
        for (EnforcementEvent e : penalties.values().stream()
                .sorted((x, y) -> x.getEventTime().compareTo(y.getEventTime())).toList()) {
            Penalty p = (Penalty) e.getDetail();
            if (p.getProcedure() == PenaltyProcedure.SIMPLE || p.getPenaltyKind() == PenaltyKind.WARNING) {
                continue; // not published, so not counted
            }
            boolean minor = p.getPenaltyKind() == PenaltyKind.FINE && p.getFineAmount() != null
                    && p.getFineAmount() < pr.minorFineBelow() && !p.getHeavier();
            long publicityEnds = (minor ? pr.minorWindow() : pr.window()).end(e.getEventTime().toEpochMilli());
            horizon.at(publicityEnds);
            if (asOf >= publicityEnds) {
                continue; // publicity has expired
            }
            revoked |= p.getPenaltyKind() == PenaltyKind.REVOCATION;
            int points = p.getHeavier() ? pr.heavierPoints()
                    : pr.keyFields().contains(p.getField()) ? pr.keyFieldPoints() : pr.points();
            add(byDimension, Dimension.SUPERVISION, "supervision.penalty", points,
                    "penalty " + p.getDecisionId() + " (" + p.getPenaltyKind() + ", " + p.getField()
                            + (p.getHeavier() ? ", heavier" : "") + ")");
        }
        if (lastProblem != null) {
            horizon.at(ind.inspectionProblem().window().end(lastProblem));
        }
        if (lastNotFound != null) {
            horizon.at(ind.notFoundAtAddress().window().end(lastNotFound));
        }
        if (lastProblem != null && ind.inspectionProblem().window().open(lastProblem, asOf)) {
            add(byDimension, Dimension.SUPERVISION, "supervision.inspection_problem", ind.inspectionProblem().points(),
                    "inspection found a problem on " + day(lastProblem));
        }
        if (lastNotFound != null && ind.notFoundAtAddress().window().open(lastNotFound, asOf)) {
            add(byDimension, Dimension.SUPERVISION, "supervision.not_found_at_address", ind.notFoundAtAddress().points(),
                    "not found at its address on " + day(lastNotFound));
        }

        // ---- social
        int complaintPoints = 0;
        for (RiskRules.Tier tier : ind.complaints().tiers()) {
            if (complaints >= tier.min()) {
                complaintPoints = tier.points();
            }
        }
        if (complaintPoints > 0) {
            add(byDimension, Dimension.SOCIAL, "social.complaints", complaintPoints,
                    complaints + " complaints in " + ind.complaints().window());
        }
        if (taxGrade != null) {
            Integer points = ind.taxGrade().gradePoints().get(taxGrade);
            if (points != null && points > 0) {
                add(byDimension, Dimension.SOCIAL, "social.tax_grade", points, "tax credit grade " + taxGrade);
            }
        }
        if (courtDishonest) {
            add(byDimension, Dimension.SOCIAL, "social.court_dishonest", ind.courtDishonest().points(),
                    "listed as a dishonest judgment debtor");
        }

        // ---- caps, score, class
        List<Reason> reasons = new ArrayList<>();
        int score = 0;
        for (Map.Entry<Dimension, List<Reason>> entry : byDimension.entrySet()) {
            int room = rules.dimensionCaps().get(entry.getKey());
            for (Reason r : entry.getValue()) {
                int granted = Math.min(r.getPoints(), room);
                room -= granted;
                r.setPoints(granted);
                score += granted;
                reasons.add(r);
            }
        }
        score = Math.min(100, score);
        RiskClass riskClass = rules.classOf(score);

        // ---- overrides, strongest first
        RiskRules.Overrides o = rules.overrides();
        if (listed) {
            riskClass = override(reasons, riskClass, o.seriousList(), "override.serious_list", "on the serious list");
        } else if (abnormalTooLong) {
            riskClass = override(reasons, riskClass, o.seriousList(), "override.serious_list",
                    "on the serious list since " + day(escalatedAt) + ": three years on the abnormal list");
        } else if (revoked) {
            riskClass = override(reasons, riskClass, o.licenceRevoked(), "override.licence_revoked", "licence revoked");
        } else if (abnormalSince != null && riskClass.compareTo(o.abnormalListAtLeast()) < 0) {
            riskClass = override(reasons, riskClass, o.abnormalListAtLeast(), "override.abnormal_list",
                    "on the abnormal list: at least " + o.abnormalListAtLeast());
        } else if (asOf < shortHistoryEnds && riskClass.compareTo(o.shortHistoryClass()) < 0) {
            riskClass = override(reasons, riskClass, o.shortHistoryClass(), "override.short_history",
                    "established " + registration.getEstablishedDate() + ", under " + o.shortHistory());
        }
        // Relatives are flagged by an enterprise's own record only, so that two enterprises cannot hold each other
        // at D through the relationships indicator.
        int relationshipPoints = reasons.stream().filter(r -> r.getDimension() == Dimension.RELATIONSHIPS)
                .mapToInt(Reason::getPoints).sum();
        boolean flagsRelatives = listed || abnormalTooLong || (riskClass == RiskClass.D
                && (rules.classOf(score - relationshipPoints) == RiskClass.D || revoked));
        return new Assessment(score, riskClass, reasons, rules.version(), horizon.next, flagsRelatives);
    }

    /**
     * Drops from the ledger what can no longer change any assessment at {@code asOf} or later, so an enterprise's
     * state stays bounded: records past their window, alerts and referrals (they only trigger), filed reports and
     * clean inspections, superseded tax grades, list entries closed by a removal whose window has passed, repairs
     * whose penalty's publicity has ended. What lasts until removed (an open abnormal or serious listing, a dishonest
     * debtor) stays. Returns the records removed.
     */
    public List<EnforcementEvent> prune(List<EnforcementEvent> ledger, List<Long> registrationChanges, long asOf) {
        return LedgerRetention.prune(rules, ledger, registrationChanges, asOf);
    }

    private static LocalDate day(long epochMilli) {
        return java.time.Instant.ofEpochMilli(epochMilli).atZone(CHINA).toLocalDate();
    }

    /** The earliest instant after {@code asOf} among those offered. */
    private static final class Horizon {
        private final long asOf;
        private long next = Long.MAX_VALUE;

        Horizon(long asOf) {
            this.asOf = asOf;
        }

        void at(long instant) {
            if (instant > asOf && instant < next) {
                next = instant;
            }
        }
    }

    private static RiskClass override(List<Reason> reasons, RiskClass from, RiskClass to, String id, String detail) {
        if (from != to) {
            reasons.add(new Reason(id, Dimension.OVERRIDE, 0, detail + " (" + from + " -> " + to + ")"));
        }
        return to;
    }

    private static String highRiskEvidence(EnterpriseRegistration r, RiskRules.HighRiskIndustry rule) {
        for (String prefix : rule.industryPrefixes()) {
            if (r.getIndustryCode().startsWith(prefix)) {
                return "industry " + r.getIndustryCode();
            }
        }
        for (Licence l : r.getLicences()) {
            if (rule.licences().contains(l)) {
                return "licence " + l;
            }
        }
        return null;
    }

    private static void add(Map<Dimension, List<Reason>> to, Dimension d, String indicator, int points, String detail) {
        if (points > 0) {
            to.computeIfAbsent(d, k -> new ArrayList<>()).add(new Reason(indicator, d, points, detail));
        }
    }
}
