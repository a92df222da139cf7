package org.creditgrid.claim;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.AddressVerdict;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.GridVersion;
import org.creditgrid.schema.StandardAddress;

/**
 * The first evidence of the claim chain: the standard address database (四标四实), a changelog, joined with the
 * registrations in keyed state by normalised address, so the database never has to fit in memory. A registration
 * whose address is in the database is claimed by it, whatever the coordinates said; one whose address the database
 * flags as abnormal goes to the manual-claim queue. A registration left unclaimed waits at its address: when the
 * address enters the database (or stops being abnormal), it is sent again with the new claim. The enterprises
 * claimed at the address are remembered by credit code only: when the database flags the address abnormal, corrects
 * it, adds it or moves it to another unit, each is sent an {@link AddressVerdict}, which it applies if it is still
 * registered there. Units are resolved against the grid in force ({@link GridInForce}, broadcast): a new grid that
 * brings the unit an entry names claims the registrations waiting at that address (a renamed, moved or removed unit
 * of a claimed enterprise is the enterprise's own re-grid).
 *
 * <p>Both keyed inputs arrive as {@link EnterpriseInput}: a registration, or an entry in {@code standardAddress}.
 */
public final class StandardAddressMatch
        extends KeyedBroadcastProcessFunction<String, EnterpriseInput, GridVersion, EnterpriseInput> {

    static final ValueStateDescriptor<StandardAddress> ENTRY = new ValueStateDescriptor<>("standard-address",
            new AvroTypeInfo<>(StandardAddress.class));

    private final String gridLocation;
    private transient GridInForce grids;
    private transient ValueState<StandardAddress> entry;
    /** Unclaimed registrations at this address, by credit code (the latest of each). */
    private transient MapState<String, EnterpriseRegistration> waiting;
    /** Credit codes of the claimed enterprises last registered at this address. */
    private transient MapState<String, Boolean> claimed;

    public StandardAddressMatch(String gridLocation) {
        this.gridLocation = gridLocation;
    }

    /** The join key of a registration or a standard address. */
    public static String key(String address) {
        return AddressText.normalise(address);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        grids = new GridInForce(Grid.load(gridLocation));
        entry = getRuntimeContext().getState(ENTRY);
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("unclaimed-registrations", Types.STRING,
                new AvroTypeInfo<>(EnterpriseRegistration.class)));
        claimed = getRuntimeContext().getMapState(new MapStateDescriptor<>("claimed-enterprises", Types.STRING,
                Types.BOOLEAN));
    }

    /** An entry of the standard address database as this function's input, with its join key. */
    public static EnterpriseInput asInput(StandardAddress address) {
        return EnterpriseInput.newBuilder().setStandardAddress(address).setRegistration(null).setClaim(null)
                .setAddressKey(key(address.getAddress())).build();
    }

    @Override
    public void processElement(EnterpriseInput input, ReadOnlyContext ctx, Collector<EnterpriseInput> out)
            throws Exception {
        ClaimModel model = grids.model(ctx.getBroadcastState(GridInForce.GRID));
        if (input.getStandardAddress() != null) {
            onEntry(input.getStandardAddress(), ctx.getCurrentKey(), model, out);
        } else {
            onRegistration(input, model, out);
        }
    }

    private void onRegistration(EnterpriseInput input, ClaimModel model, Collector<EnterpriseInput> out)
            throws Exception {
        EnterpriseRegistration r = input.getRegistration();
        StandardAddress known = entry.value();
        Claim standard = model.byStandardAddress(known);
        if (known != null && known.getAbnormal() && !known.getDeleted()) {
            input.setClaim(model.abnormalAddress(known)); // whatever the coordinates say
        } else if (standard != null) {
            input.setClaim(standard);
        }
        if (input.getClaim().getMethod() == ClaimMethod.UNCLAIMED) {
            waiting.put(r.getCreditCode(), r);
            claimed.remove(r.getCreditCode());
        } else {
            waiting.remove(r.getCreditCode());
            claimed.put(r.getCreditCode(), true);
        }
        out.collect(input);
    }

    private void onEntry(StandardAddress address, String addressKey, ClaimModel model, Collector<EnterpriseInput> out)
            throws Exception {
        StandardAddress known = entry.value();
        if (known != null && known.getUpdateTime().isAfter(address.getUpdateTime())) {
            return; // an older version of the entry
        }
        entry.update(address);
        Claim standard = model.byStandardAddress(address);
        Claim before = model.byStandardAddress(known);
        boolean flagged = address.getAbnormal() && !address.getDeleted();
        boolean wasFlagged = known != null && known.getAbnormal() && !known.getDeleted();
        if (flagged && !wasFlagged) {
            // Enterprises claimed here go to the manual queue; they stay listed for the correction.
            Claim abnormal = model.abnormalAddress(address);
            for (String code : claimed.keys()) {
                out.collect(verdict(code, addressKey, Claim.newBuilder(abnormal).build()));
            }
        } else if (standard != null && (before == null || !before.getUnitId().equals(standard.getUnitId()))) {
            // A new entry, a corrected one, or one moved to another unit: the address decides for its enterprises.
            // Since when: an enterprise deregistered by then still ends claimed by it (ClaimCase).
            for (String code : claimed.keys()) {
                out.collect(verdict(code, addressKey, Claim.newBuilder(standard).setSince(address.getUpdateTime())
                        .build()));
            }
        }
        if (standard != null) {
            claimWaiting(standard, out);
        }
    }

    /** The registrations waiting at this address, claimed by {@code standard}. */
    private void claimWaiting(Claim standard, Collector<EnterpriseInput> out) throws Exception {
        for (EnterpriseRegistration r : waiting.values()) {
            Claim c = Claim.newBuilder(standard).build();
            out.collect(EnterpriseInput.newBuilder().setRegistration(r).setClaim(c).setEvent(null).build());
            claimed.put(r.getCreditCode(), true);
        }
        waiting.clear();
    }

    /**
     * A new grid in force: an entry whose unit the old grid lacked and the new one has now claims the registrations
     * waiting at its address, and tells every enterprise claimed there (a verdict, as a new entry would): the
     * enterprise's own re-grid may have claimed it by coordinates first, and the standard address outranks them
     * whatever arrives first. A unit renamed, moved or removed is the enterprise's own re-grid.
     */
    @Override
    public void processBroadcastElement(GridVersion grid, Context ctx, Collector<EnterpriseInput> out)
            throws Exception {
        Grid older = grids.put(ctx.getBroadcastState(GridInForce.GRID), grid);
        if (older == null) {
            return; // a redelivery
        }
        ClaimModel before = new ClaimModel(older);
        ClaimModel now = grids.model(ctx.getBroadcastState(GridInForce.GRID));
        ctx.applyToKeyedState(ENTRY, (addressKey, state) -> {
            StandardAddress a = state.value();
            Claim standard = now.byStandardAddress(a);
            if (standard != null && before.byStandardAddress(a) == null) {
                claimWaiting(standard, out);
                for (String code : claimed.keys()) {
                    out.collect(verdict(code, addressKey, Claim.newBuilder(standard).build()));
                }
            }
        });
    }

    private static EnterpriseInput verdict(String code, String addressKey, Claim claim) {
        return EnterpriseInput.newBuilder().setRegistration(null).setClaim(null)
                .setVerdict(new AddressVerdict(code, addressKey, claim)).build();
    }
}
