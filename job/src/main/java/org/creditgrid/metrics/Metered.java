package org.creditgrid.metrics;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * A stateless flat map that counts each record into the domain metrics ({@link DomainMetrics}) before passing it to
 * {@code next}: the statistics maps of the job's outputs, and a pass-through tap before the dead-letter sink.
 */
public final class Metered<T, R> extends RichFlatMapFunction<T, R> {

    private final DomainMetrics.Meter<T> meter;
    private final FlatMapFunction<T, R> next;
    private final LabelledCounters.Labels labels;
    private transient LabelledCounters counters;

    public Metered(DomainMetrics.Meter<T> meter, FlatMapFunction<T, R> next, LabelledCounters.Labels labels) {
        this.meter = meter;
        this.next = next;
        this.labels = labels;
    }

    /** Counts and passes every record on unchanged. */
    public static <T> Metered<T, T> tap(DomainMetrics.Meter<T> meter, LabelledCounters.Labels labels) {
        return new Metered<>(meter, (T record, Collector<T> out) -> out.collect(record), labels);
    }

    @Override
    public void open(OpenContext openContext) {
        counters = new LabelledCounters(getRuntimeContext().getMetricGroup(), labels);
    }

    @Override
    public void flatMap(T record, Collector<R> out) throws Exception {
        meter.count(record, counters);
        next.flatMap(record, out);
    }
}
