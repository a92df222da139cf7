package org.creditgrid.claim;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.GridVersion;

/**
 * Runs the claim model on every registration before it reaches the enterprise's keyed state, so the keyed operator
 * never touches geometry, with the grid in force ({@link GridInForce}).
 */
public class AssignSupervisionUnit extends BroadcastProcessFunction<EnterpriseRegistration, GridVersion, EnterpriseInput> {

    /** The grid version in force (see {@link GridInForce}). */
    public static final MapStateDescriptor<String, GridVersion> GRID = GridInForce.GRID;

    private final String gridLocation;
    private transient GridInForce grids;

    public AssignSupervisionUnit(String gridLocation) {
        this.gridLocation = gridLocation;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        grids = new GridInForce(Grid.load(gridLocation));
    }

    @Override
    public void processElement(EnterpriseRegistration registration, ReadOnlyContext ctx,
                               Collector<EnterpriseInput> out) throws Exception {
        out.collect(EnterpriseInput.newBuilder()
                .setRegistration(registration)
                .setClaim(grids.model(ctx.getBroadcastState(GRID)).claim(registration))
                .setEvent(null)
                .setAddressKey(StandardAddressMatch.key(registration.getAddress()))
                .build());
    }

    @Override
    public void processBroadcastElement(GridVersion grid, Context ctx, Collector<EnterpriseInput> out)
            throws Exception {
        grids.put(ctx.getBroadcastState(GRID), grid);
    }
}
