package org.creditgrid.claim;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.GridVersion;

/**
 * Runs the claim model on every registration before it reaches the enterprise's keyed state, so the keyed operator
 * never touches geometry. The grid is the job's {@code --grid} file until a grid version arrives on the
 * {@code grid-units} topic; that one is kept in broadcast state, so a restored job uses it too.
 */
public class AssignSupervisionUnit extends BroadcastProcessFunction<EnterpriseRegistration, GridVersion, EnterpriseInput> {

    /** The grid version in force, under {@link #ACTIVE}. */
    public static final MapStateDescriptor<String, GridVersion> GRID =
            new MapStateDescriptor<>("grid-in-force", Types.STRING, new AvroTypeInfo<>(GridVersion.class));
    public static final String ACTIVE = "active";

    private final String gridLocation;
    private transient ClaimModel fileModel;
    private transient ClaimModel model;
    private transient String modelVersion;

    public AssignSupervisionUnit(String gridLocation) {
        this.gridLocation = gridLocation;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        fileModel = new ClaimModel(Grid.load(gridLocation));
    }

    @Override
    public void processElement(EnterpriseRegistration registration, ReadOnlyContext ctx,
                               Collector<EnterpriseInput> out) throws Exception {
        out.collect(EnterpriseInput.newBuilder()
                .setRegistration(registration)
                .setClaim(model(ctx.getBroadcastState(GRID)).claim(registration))
                .setEvent(null)
                .setAddressKey(StandardAddressMatch.key(registration.getAddress()))
                .build());
    }

    @Override
    public void processBroadcastElement(GridVersion grid, Context ctx, Collector<EnterpriseInput> out)
            throws Exception {
        BroadcastState<String, GridVersion> state = ctx.getBroadcastState(GRID);
        state.put(ACTIVE, grid);
        model(state);
    }

    /** The model of the grid in force; after a restore, rebuilt from the broadcast state on first use. */
    private ClaimModel model(ReadOnlyBroadcastState<String, GridVersion> state) throws Exception {
        GridVersion active = state.get(ACTIVE);
        if (active == null) {
            return fileModel;
        }
        if (!active.getVersion().equals(modelVersion)) {
            model = new ClaimModel(Grid.of(active));
            modelVersion = active.getVersion();
        }
        return model;
    }
}
