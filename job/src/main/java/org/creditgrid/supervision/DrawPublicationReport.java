package org.creditgrid.supervision;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.DrawPartial;
import org.creditgrid.schema.DrawPublication;
import org.creditgrid.schema.InspectionPublication;

/**
 * Keyed by plan: adds up the shares of a draw that every parallel instance of the enterprise operator drew over its
 * own enterprises, and publishes the draw ("one public") once all shares are in.
 */
public class DrawPublicationReport extends KeyedProcessFunction<String, DrawPartial, InspectionPublication> {

    private transient ValueState<DrawPublication> sum;
    private transient MapState<Integer, Boolean> shares;

    @Override
    public void open(OpenContext openContext) {
        sum = getRuntimeContext().getState(new ValueStateDescriptor<>("draw",
                new AvroTypeInfo<>(DrawPublication.class)));
        shares = getRuntimeContext().getMapState(new MapStateDescriptor<>("shares", Types.INT, Types.BOOLEAN));
    }

    @Override
    public void processElement(DrawPartial part, Context ctx, Collector<InspectionPublication> out) throws Exception {
        if (shares.contains(part.getSubtask())) {
            return; // that instance's share is in already
        }
        shares.put(part.getSubtask(), true);
        DrawPublication total = sum.value() == null ? part.getPublication()
                : DrawTally.merge(sum.value(), part.getPublication());
        int received = 0;
        for (Integer ignored : shares.keys()) {
            received++;
        }
        if (received < part.getSubtasks()) {
            sum.update(total);
            return;
        }
        total.setPublishedAt(Instant.now());
        out.collect(new InspectionPublication(total, null));
        sum.clear(); // the shares stay: a plan is drawn once
    }
}
