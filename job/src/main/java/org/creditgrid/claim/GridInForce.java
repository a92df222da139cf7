package org.creditgrid.claim;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.creditgrid.schema.GridVersion;

/**
 * The grid in force on one operator instance, the same for every operator that resolves units: the job's
 * {@code --grid} file until a version arrives on the {@code grid-units} topic; that one is kept in broadcast state
 * ({@link #GRID} under {@link #ACTIVE}), so a restored job uses it too. The claim model of a version is built once.
 */
public final class GridInForce {

    /** The grid version in force, under {@link #ACTIVE}; absent: the {@code --grid} file. */
    public static final MapStateDescriptor<String, GridVersion> GRID =
            new MapStateDescriptor<>("grid-in-force", Types.STRING, new AvroTypeInfo<>(GridVersion.class));
    public static final String ACTIVE = "active";

    private final Grid file;
    private final ClaimModel fileModel;
    private GridVersion inForce;
    private Grid grid;
    private ClaimModel model;

    public GridInForce(Grid file) {
        this.file = file;
        this.fileModel = new ClaimModel(file);
    }

    /** The claim model of the grid in force; after a restore, rebuilt from the broadcast state on first use. */
    public ClaimModel model(ReadOnlyBroadcastState<String, GridVersion> state) throws Exception {
        return use(state.get(ACTIVE)) == file ? fileModel : model;
    }

    /** The grid in force. */
    public Grid grid(ReadOnlyBroadcastState<String, GridVersion> state) throws Exception {
        return use(state.get(ACTIVE));
    }

    /**
     * Puts {@code version} in force; returns the grid it replaces, or null when {@code version} is already in force
     * (a redelivery: same name and same polygons).
     */
    public Grid put(BroadcastState<String, GridVersion> state, GridVersion version) throws Exception {
        GridVersion previous = state.get(ACTIVE);
        if (previous != null && same(previous, version)) {
            return null;
        }
        Grid older = use(previous);
        state.put(ACTIVE, version);
        use(version);
        return older;
    }

    private Grid use(GridVersion active) throws Exception {
        if (active == null) {
            return file;
        }
        if (inForce == null || !same(inForce, active)) {
            grid = Grid.of(active);
            model = new ClaimModel(grid);
            inForce = active;
        }
        return grid;
    }

    /** The same version: name and polygons (the broadcast state hands back the same object, so this is cheap). */
    private static boolean same(GridVersion a, GridVersion b) {
        return a == b || a.getVersion().equals(b.getVersion()) && a.getGeojson().equals(b.getGeojson());
    }
}
