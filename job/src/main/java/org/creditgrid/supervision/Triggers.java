package org.creditgrid.supervision;

import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.Urgency;

/**
 * Trigger-based supervision: which happenings call for an inspection, and how urgently.
 *
 * <table>
 *   <caption>Triggers</caption>
 *   <tr><th>happening</th><th>reason</th></tr>
 *   <tr><td>COMPLAINT (12315)</td><td>COMPLAINT</td></tr>
 *   <tr><td>DATA_ALERT</td><td>DATA_ALERT</td></tr>
 *   <tr><td>REFERRAL</td><td>REFERRAL</td></tr>
 *   <tr><td>ABNORMAL_LIST_ADDED</td><td>ABNORMAL_LIST_ENTRY</td></tr>
 *   <tr><td>class rises to C / to D</td><td>CLASS_RAISED_TO_C / CLASS_RAISED_TO_D</td></tr>
 * </table>
 * Urgency: URGENT in class D; PRIORITY in class C or in the prudent pool; ROUTINE otherwise.
 */
public final class Triggers {

    /** Department that acts on triggers that no department issued (class changes). */
    public static final String MARKET_REGULATION = "SAMR";

    private Triggers() {}

    public static TriggerReason forEvent(EventKind kind) {
        return switch (kind) {
            case COMPLAINT -> TriggerReason.COMPLAINT;
            case DATA_ALERT -> TriggerReason.DATA_ALERT;
            case REFERRAL -> TriggerReason.REFERRAL;
            case ABNORMAL_LIST_ADDED -> TriggerReason.ABNORMAL_LIST_ENTRY;
            default -> null;
        };
    }

    /** A trigger when the class rises into C or D; null otherwise (including the first class ever assigned). */
    public static TriggerReason forClassChange(RiskClass before, RiskClass after) {
        if (before == null || after.compareTo(before) <= 0) {
            return null;
        }
        return switch (after) {
            case C -> TriggerReason.CLASS_RAISED_TO_C;
            case D -> TriggerReason.CLASS_RAISED_TO_D;
            default -> null;
        };
    }

    public static Urgency urgency(RiskClass riskClass, Pool pool) {
        if (riskClass == RiskClass.D) {
            return Urgency.URGENT;
        }
        return riskClass == RiskClass.C || pool == Pool.PRUDENT ? Urgency.PRIORITY : Urgency.ROUTINE;
    }
}
