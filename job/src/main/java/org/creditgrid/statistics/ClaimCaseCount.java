package org.creditgrid.statistics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimStatus;

/**
 * Where each manual-claim case counts as open, keyed by case ({@code requestId}): a case is open from its
 * {@code OPEN} until {@code CLAIMED} or {@code WITHDRAWN} (returned and escalated cases stay open), in the district
 * its latest transition asks ({@code ClaimRequest.districtCode}, which a re-asked shared-address case may change).
 * Each transition that changes that emits the unit statistics' -1 and +1 ({@link StatisticsDeltas#caseMoved}), so a
 * case counts once, wherever it is; a case it never saw open (opened before this operator existed) is never
 * subtracted. State: {@code open-claim-case}, the district of each open case.
 */
public final class ClaimCaseCount extends KeyedProcessFunction<String, ClaimRequest, StatisticsDelta> {

    static final ValueStateDescriptor<String> STATE = new ValueStateDescriptor<>("open-claim-case", Types.STRING);

    private transient ValueState<String> openIn;

    @Override
    public void open(OpenContext openContext) {
        openIn = getRuntimeContext().getState(STATE);
    }

    @Override
    public void processElement(ClaimRequest c, Context ctx, Collector<StatisticsDelta> out) throws Exception {
        String was = openIn.value();
        String now = c.getStatus() == ClaimStatus.CLAIMED || c.getStatus() == ClaimStatus.WITHDRAWN ? null
                : c.getDistrictCode() == null ? "" : c.getDistrictCode();
        if (java.util.Objects.equals(was, now)) {
            return;
        }
        StatisticsDeltas.caseMoved(was, now, c.getEventTime().toEpochMilli()).forEach(out::collect);
        if (now == null) {
            openIn.clear();
        } else {
            openIn.update(now);
        }
    }
}
