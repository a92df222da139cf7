package org.creditgrid.supervision;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.ImpactPartial;
import org.creditgrid.risk.ImpactTally;
import org.creditgrid.schema.RulesImpact;

/**
 * Keyed by submission (candidate version and submission time): adds up the shares of a rules-impact report that every parallel instance of the
 * enterprise operator computed over its own enterprises, and publishes the report once all shares are in.
 */
public class RulesImpactReport extends KeyedProcessFunction<String, ImpactPartial, RulesImpact> {

    private transient ValueState<RulesImpact> sum;
    private transient org.apache.flink.api.common.state.MapState<Integer, Boolean> shares;

    @Override
    public void open(OpenContext openContext) {
        sum = getRuntimeContext().getState(new ValueStateDescriptor<>("impact", new AvroTypeInfo<>(RulesImpact.class)));
        shares = getRuntimeContext().getMapState(
                new org.apache.flink.api.common.state.MapStateDescriptor<>("shares", Types.INT, Types.BOOLEAN));
    }

    @Override
    public void processElement(ImpactPartial part, Context ctx, Collector<RulesImpact> out) throws Exception {
        if (shares.contains(part.getSubtask())) {
            return; // that instance's share is in already
        }
        shares.put(part.getSubtask(), true);
        RulesImpact total = sum.value() == null ? part.getImpact() : ImpactTally.merge(sum.value(), part.getImpact());
        int received = 0;
        for (Integer ignored : shares.keys()) {
            received++;
        }
        if (received >= part.getSubtasks()) {
            total.setComputedAt(Instant.now());
            out.collect(total);
            sum.clear();
            shares.clear();
        } else {
            sum.update(total);
        }
    }
}
