package org.creditgrid.metrics;

import java.io.Serializable;
import java.util.Objects;
import org.creditgrid.internal.CountedAs;
import org.creditgrid.internal.ProfileMove;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.TriggerReason;

/**
 * What each output of the job adds to the domain counters (plain Java over {@link LabelledCounters}). Names and
 * labels, all of bounded cardinality (district: GB/T 2260 six-digit code or {@code NONE}):
 * <ul>
 *   <li>{@code class_transitions{district, from, to}}: a published class change (A–D);</li>
 *   <li>{@code pool_transitions{district, from, to}}: a published pool change (PRUDENT, INCLUSIVE, GENERAL);</li>
 *   <li>{@code claims{district, method}}: an enterprise that came to a unit, or to none ({@code UNCLAIMED}), and how;</li>
 *   <li>{@code triggers{district, reason}}: inspection triggers published;</li>
 *   <li>{@code tasks_drawn{district}}, {@code tasks_overdue{district}}, {@code tasks_closed{district}}: visits drawn
 *       (first revision), past their deadline ({@code TASK_OVERDUE} triggers), with a published result;</li>
 *   <li>{@code dead_letters{topic, reason}}: records dead-lettered, by source topic and reason code.</li>
 * </ul>
 * Counters start at zero with each task attempt, as Prometheus counters do; figures that must survive a restore are
 * gauges from checkpointed state ({@code UnitStatisticsFunction}).
 */
public final class DomainMetrics {

    /** One output type's counting: a method reference of this class. */
    @FunctionalInterface
    public interface Meter<T> extends Serializable {
        void count(T record, LabelledCounters counters);
    }

    private DomainMetrics() {}

    public static void move(ProfileMove m, LabelledCounters c) {
        CountedAs from = m.getFrom();
        CountedAs to = m.getTo();
        if (from == null || to == null) {
            if (to != null) {
                claimed(to, c);
            }
            return;
        }
        String district = to.getDistrictCode();
        if (from.getRiskClass() != to.getRiskClass()) {
            c.inc("class_transitions", "district", district, "from", from.getRiskClass().name(),
                    "to", to.getRiskClass().name());
        }
        if (from.getPool() != to.getPool()) {
            c.inc("pool_transitions", "district", district, "from", from.getPool().name(), "to", to.getPool().name());
        }
        if (!Objects.equals(from.getUnitId(), to.getUnitId())) {
            claimed(to, c);
        }
    }

    private static void claimed(CountedAs to, LabelledCounters c) {
        String method = to.getUnitId() == null ? "UNCLAIMED"
                : to.getClaimMethod() == null ? null : to.getClaimMethod().name();
        c.inc("claims", "district", to.getDistrictCode(), "method", method);
    }

    public static void trigger(InspectionTrigger t, LabelledCounters c) {
        c.inc("triggers", "district", t.getDistrictCode(), "reason", t.getReason().name());
        if (t.getReason() == TriggerReason.TASK_OVERDUE) {
            c.inc("tasks_overdue", "district", t.getDistrictCode());
        }
    }

    public static void task(InspectionTask t, LabelledCounters c) {
        if (t.getRevision() == 1) {
            c.inc("tasks_drawn", "district", t.getDistrictCode());
        }
    }

    public static void publication(InspectionPublication p, LabelledCounters c) {
        if (p.getInspection() != null) {
            c.inc("tasks_closed", "district", p.getInspection().getDistrictCode());
        }
    }

    public static void deadLetter(DeadLetter d, LabelledCounters c) {
        c.inc("dead_letters", "topic", d.getSourceTopic(), "reason", d.getReason());
    }
}
