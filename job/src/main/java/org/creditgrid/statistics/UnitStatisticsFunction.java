package org.creditgrid.statistics;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.internal.UnitStatisticsState;
import org.creditgrid.schema.UnitStatistics;

/**
 * The unit statistics, keyed by unit id, district code or {@value StatisticsDeltas#CITY}: adds each
 * {@link StatisticsDelta} to the key's figures ({@link UnitFigures}) and publishes them at most once per
 * {@code interval} of processing time, and only when they changed — the monitor's and any consumer's view of the
 * city, a few records per unit instead of every profile. While triggers or class changes are counted in the last
 * day, the key looks again every ten intervals, as the watermark moves them out of the window.
 * State: {@code unit-statistics}, one small record per key (187 units, 11 districts and the city for Guangzhou), and
 * one processing-time timer at most; {@code unit-statistics-gauges}, the operator state of its gauges.
 */
public final class UnitStatisticsFunction extends KeyedProcessFunction<String, StatisticsDelta, UnitStatistics>
        implements CheckpointedFunction {

    static final ValueStateDescriptor<UnitStatisticsState> STATE =
            new ValueStateDescriptor<>("unit-statistics", new AvroTypeInfo<>(UnitStatisticsState.class));

    /**
     * The districts' and city's records last published, for the gauges ({@link StatisticsGauges}): a union state, so
     * that after a rescale each subtask takes back the keys it now owns.
     */
    static final ListStateDescriptor<UnitStatistics> GAUGES =
            new ListStateDescriptor<>("unit-statistics-gauges", new AvroTypeInfo<>(UnitStatistics.class));

    private final long intervalMs;
    private transient ValueState<UnitStatisticsState> state;
    private transient Counter published;
    private transient StatisticsGauges gauges;
    private transient ListState<UnitStatistics> gaugeState;

    /** @param interval the least processing time between two records of one key (the "every few seconds") */
    public UnitStatisticsFunction(Duration interval) {
        this.intervalMs = interval.toMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        gauges = new StatisticsGauges(getRuntimeContext().getMetricGroup());
        gaugeState = context.getOperatorStateStore().getUnionListState(GAUGES);
        TaskInfo task = getRuntimeContext().getTaskInfo();
        for (UnitStatistics r : gaugeState.get()) {
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(r.getId(), task.getMaxNumberOfParallelSubtasks(),
                    task.getNumberOfParallelSubtasks()) == task.getIndexOfThisSubtask()) {
                gauges.update(r);
            }
        }
    }

    /** What the gauges read (tests). */
    StatisticsGauges gauges() {
        return gauges;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        gaugeState.update(gauges.snapshot());
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
        published = getRuntimeContext().getMetricGroup().counter("unitStatisticsPublished");
    }

    @Override
    public void processElement(StatisticsDelta d, Context ctx, Collector<UnitStatistics> out) throws Exception {
        UnitStatisticsState s = state.value();
        if (s == null) {
            s = UnitFigures.empty(d);
        }
        UnitFigures.apply(s, d);
        long at = ctx.timerService().currentProcessingTime() + intervalMs;
        if (s.getTimer() == 0 || s.getTimer() > at) { // none, or only the slower look of the last day's window
            if (s.getTimer() != 0) {
                ctx.timerService().deleteProcessingTimeTimer(s.getTimer());
            }
            ctx.timerService().registerProcessingTimeTimer(at);
            s.setTimer(at);
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitStatistics> out) throws Exception {
        UnitStatisticsState s = state.value();
        if (s == null) {
            return;
        }
        s.setTimer(0);
        UnitStatistics record = UnitFigures.publish(s, ctx.timerService().currentWatermark(), timestamp);
        if (record != null) {
            published.inc();
            gauges.update(record);
            out.collect(record);
        }
        if (UnitFigures.decaying(s)) {
            long at = timestamp + 10 * intervalMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            s.setTimer(at);
        }
        state.update(s);
    }
}
