package org.creditgrid.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;

/**
 * Counters under an operator's {@code creditgrid} metric group, one per name and label values, made on first use.
 * Labels are Flink key-value groups, which the Prometheus reporter turns into labels: {@code inc("triggers",
 * "district", "440106", "reason", "CLASS_RAISED_TO_D")} is
 * {@code flink_taskmanager_job_task_operator_creditgrid_district_reason_triggers{district="440106",
 * reason="CLASS_RAISED_TO_D",...}}.
 *
 * <p>Each label key has its list of allowed values ({@link #label}): {@code district} a six-digit division code
 * (GB/T 2260); {@code class}, {@code from}, {@code to} a risk class or pool; {@code reason} a trigger reason or a
 * dead-letter reason code; {@code method} a claim method; {@code topic} one of the job's configured topics. Anything
 * else — a credit code, a name, an address, a person, whatever a caller passes — is reported as {@value #OTHER}, so
 * no label can carry one. Not thread-safe: an operator's counters are touched from its task thread only.
 */
public final class LabelledCounters {

    /** The value reported instead of one that is not an allowed code. */
    public static final String OTHER = "OTHER";
    /** The value of a district label when the record has no district (an unclaimed enterprise, a city-wide case). */
    public static final String NONE = "NONE";

    private static final Pattern DISTRICT = Pattern.compile("\\d{6}");
    private static final Set<String> CLASSES_AND_POOLS = names(RiskClass.values(), Pool.values());
    private static final Set<String> METHODS = names(ClaimMethod.values());
    private static final Set<String> TRIGGER_REASONS = names(TriggerReason.values());

    private final MetricGroup group;
    private final Labels allowed;
    private final Map<String, Counter> counters = new HashMap<>();

    /**
     * The values the job's own configuration allows: its topics, and the dead-letter reason codes (which live with
     * the decoding, in {@code io.Rejection}). Serializable: functions carry it to their tasks.
     */
    public record Labels(Set<String> topics, Set<String> deadLetterReasons) implements java.io.Serializable {
        public Labels {
            topics = Set.copyOf(topics);
            deadLetterReasons = Set.copyOf(deadLetterReasons);
        }

        /** No topic and no dead-letter reason allowed (tests that do not look at those labels). */
        public static Labels none() {
            return new Labels(Set.of(), Set.of());
        }
    }

    /**
     * @param operatorGroup the operator's metric group ({@code getRuntimeContext().getMetricGroup()})
     * @param allowed       the topics and dead-letter reasons a label may name
     */
    public LabelledCounters(MetricGroup operatorGroup, Labels allowed) {
        this.group = operatorGroup.addGroup("creditgrid");
        this.allowed = allowed;
    }

    /** Adds one to the counter {@code name} with the labels {@code keyValues} (key, value, key, value, ...). */
    public void inc(String name, String... keyValues) {
        counter(name, keyValues).inc();
    }

    /** The counter {@code name} with the labels {@code keyValues}, made on first use (for callers that keep it). */
    public Counter counter(String name, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key, value pairs: " + keyValues.length);
        }
        String[] values = new String[keyValues.length];
        StringBuilder id = new StringBuilder(name);
        for (int i = 0; i < keyValues.length; i += 2) {
            values[i] = keyValues[i];
            values[i + 1] = label(keyValues[i], keyValues[i + 1], allowed);
            id.append('|').append(values[i]).append('=').append(values[i + 1]);
        }
        return counters.computeIfAbsent(id.toString(), k -> {
            MetricGroup g = group;
            for (int i = 0; i < values.length; i += 2) {
                g = g.addGroup(values[i], values[i + 1]);
            }
            return g.counter(name);
        });
    }

    /**
     * {@code value} if the label {@code key} allows it (see the class comment), {@value #NONE} for null, else
     * {@value #OTHER}; an unknown key allows nothing.
     */
    public static String label(String key, String value, Labels allowed) {
        if (value == null) {
            return NONE;
        }
        boolean ok = switch (key) {
            case "district" -> DISTRICT.matcher(value).matches();
            case "class", "from", "to" -> CLASSES_AND_POOLS.contains(value);
            case "reason" -> TRIGGER_REASONS.contains(value) || allowed.deadLetterReasons().contains(value);
            case "method" -> METHODS.contains(value);
            case "topic" -> allowed.topics().contains(value);
            default -> false;
        };
        return ok ? value : OTHER;
    }

    private static Set<String> names(Enum<?>[]... values) {
        Set<String> s = new HashSet<>();
        for (Enum<?>[] v : values) {
            for (Enum<?> e : v) {
                s.add(e.name());
            }
        }
        return Set.copyOf(s);
    }
}
