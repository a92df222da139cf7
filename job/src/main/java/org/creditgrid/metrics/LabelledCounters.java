package org.creditgrid.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counters under an operator's {@code creditgrid} metric group, one per name and label values, made on first use.
 * Labels are Flink key-value groups, which the Prometheus reporter turns into labels: {@code inc("triggers",
 * "district", "440106", "reason", "CLASS_RAISED_TO_D")} is
 * {@code flink_taskmanager_job_task_operator_creditgrid_district_reason_triggers{district="440106",
 * reason="CLASS_RAISED_TO_D",...}}.
 *
 * <p>Only values of bounded cardinality pass ({@link #label}): a six-digit division code (GB/T 2260), an enum-like
 * upper-case code without digits (class, pool, reason, claim method) or a topic name. Anything else — a credit code,
 * a name, an address, a person — is reported as {@value #OTHER}, so no label can carry one whatever a caller passes.
 * Not thread-safe: an operator's counters are touched from its task thread only.
 */
public final class LabelledCounters {

    /** The value reported instead of one that is not a bounded code. */
    public static final String OTHER = "OTHER";
    /** The value of a district label when the record has no district (an unclaimed enterprise, a city-wide case). */
    public static final String NONE = "NONE";

    private static final Pattern DISTRICT = Pattern.compile("\\d{6}");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,39}");
    private static final Pattern TOPIC = Pattern.compile("[a-z][a-z0-9.-]{0,59}");

    private final MetricGroup group;
    private final Map<String, Counter> counters = new HashMap<>();

    /** @param operatorGroup the operator's metric group ({@code getRuntimeContext().getMetricGroup()}) */
    public LabelledCounters(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("creditgrid");
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
            values[i + 1] = label(keyValues[i + 1]);
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

    /** {@code value} if it is a bounded code (see the class comment), {@value #NONE} for null, else {@value #OTHER}. */
    public static String label(String value) {
        if (value == null) {
            return NONE;
        }
        return DISTRICT.matcher(value).matches() || CODE.matcher(value).matches() || TOPIC.matcher(value).matches()
                ? value : OTHER;
    }
}
