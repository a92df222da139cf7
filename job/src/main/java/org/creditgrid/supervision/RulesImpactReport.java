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
 * Keyed by candidate version: adds up the shares of a rules-impact report that every parallel instance of the
 * enterprise operator computed over its own enterprises, and publishes the report once all shares are in.
 */
public class RulesImpactReport extends KeyedProcessFunction<String, ImpactPartial, RulesImpact> {

    private transient ValueState<RulesImpact> sum;
    private transient ValueState<Integer> shares;

    @Override
    public void open(OpenContext openContext) {
        sum = getRuntimeContext().getState(new ValueStateDescriptor<>("impact", new AvroTypeInfo<>(RulesImpact.class)));
        shares = getRuntimeContext().getState(new ValueStateDescriptor<>("shares", Types.INT));
    }

    @Override
    public void processElement(ImpactPartial part, Context ctx, Collector<RulesImpact> out) throws Exception {
        RulesImpact total = sum.value() == null ? part.getImpact() : ImpactTally.merge(sum.value(), part.getImpact());
        int received = (shares.value() == null ? 0 : shares.value()) + 1;
        if (received >= part.getSubtasks()) {
            total.setComputedAt(Instant.now());
            out.collect(total);
            sum.clear();
            shares.clear();
        } else {
            sum.update(total);
            shares.update(received);
        }
    }
}
