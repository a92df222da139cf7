package org.creditgrid.risk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.creditgrid.calendar.Window;
import org.creditgrid.io.AvroLists;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.Qualification;
import org.creditgrid.schema.QualificationChange;

/**
 * How long the risk model needs each enforcement record: the windows of the rules in force decide when a record can
 * no longer change any assessment, so the enterprise's ledger is pruned and its state stays bounded.
 */
final class LedgerRetention {

    private LedgerRetention() {}

    /**
     * Drops from the ledger what can no longer change any assessment at {@code asOf} or later, so an enterprise's
     * state stays bounded: records past their window, alerts and referrals (they only trigger), filed reports and
     * clean inspections, superseded tax grades, list entries closed by a removal whose window has passed, repairs
     * whose penalty's publicity has ended. What lasts until removed (an open abnormal or serious listing, a dishonest
     * debtor) stays. Returns the records removed.
     */
    static List<EnforcementEvent> prune(RiskRules rules, List<EnforcementEvent> ledger, List<Long> registrationChanges,
                                        long asOf) {
        RiskRules.Indicators ind = rules.indicators();
        Window serious = rules.overrides().seriousListLasts();
        boolean[] drop = new boolean[ledger.size()];
        int lastTax = -1;
        int openAbnormal = -1;
        Map<Qualification, Integer> lastQualification = new HashMap<>();
        for (int i = 0; i < ledger.size(); i++) {
            EnforcementEvent e = ledger.get(i);
            long t = e.getEventTime().toEpochMilli();
            switch (e.getKind()) {
                case COMPLAINT -> drop[i] = asOf >= ind.complaints().window().end(t);
                case ANNUAL_REPORT_OVERDUE -> drop[i] = asOf >= ind.annualReportOverdue().window().end(t);
                case ANNUAL_REPORT_FILED, DATA_ALERT, REFERRAL -> drop[i] = t <= asOf;
                case INSPECTION_RESULT -> {
                    var outcome = ((InspectionOutcome) e.getDetail()).getOutcome();
                    long ends = switch (outcome) {
                        case OK -> t;
                        case NOT_FOUND_AT_ADDRESS -> ind.notFoundAtAddress().window().end(t);
                        default -> ind.inspectionProblem().window().end(t);
                    };
                    drop[i] = t <= asOf && asOf >= ends;
                }
                case PENALTY, CREDIT_REPAIRED -> drop[i] = asOf >= Math.max(ind.penalty().window().end(t),
                        ind.penalty().minorWindow().end(t));
                case TAX_CREDIT_GRADE -> {
                    if (lastTax >= 0 && t <= asOf) {
                        drop[lastTax] = true;
                    }
                    lastTax = i;
                }
                case ABNORMAL_LIST_ADDED -> openAbnormal = openAbnormal < 0 ? i : openAbnormal;
                case ABNORMAL_LIST_REMOVED -> {
                    // A removal with no listing before it stays: a listing arriving late must still meet it.
                    if (openAbnormal >= 0 && asOf >= Math.max(ind.abnormalListRemoved().window().end(t), serious.end(t))) {
                        drop[i] = true;
                        for (int j = openAbnormal; j < i; j++) {
                            drop[j] |= ledger.get(j).getKind() == EventKind.ABNORMAL_LIST_ADDED;
                        }
                    }
                    openAbnormal = -1;
                }
                // A serious listing, or its removal, says nothing any more once a listing of its time would have
                // ended by itself.
                case SERIOUS_LIST_ADDED, SERIOUS_LIST_REMOVED -> drop[i] = asOf >= serious.end(t);
                case QUALIFICATION_GRANTED, QUALIFICATION_EXPIRED -> {
                    var q = ((QualificationChange) e.getDetail()).getQualification();
                    Integer previous = lastQualification.put(q, i);
                    if (previous != null && t <= asOf) {
                        drop[previous] = true; // only the latest change of a qualification matters
                    }
                }
                default -> { }
            }
        }
        List<EnforcementEvent> removed = new ArrayList<>();
        int w = 0;
        for (int i = 0; i < ledger.size(); i++) {
            if (drop[i]) {
                removed.add(ledger.get(i));
            } else {
                ledger.set(w++, ledger.get(i));
            }
        }
        ledger.subList(w, ledger.size()).clear();
        Window changes = ind.frequentChanges().window();
        AvroLists.removeWhere(registrationChanges, t -> asOf >= changes.end(t));
        return removed;
    }
}
