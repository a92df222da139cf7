package org.creditgrid.claim;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.AddressVerdict;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.StandardAddress;

/**
 * The first evidence of the claim chain: the standard address database (四标四实), a changelog, joined with the
 * registrations in keyed state by normalised address, so the database never has to fit in memory. A registration
 * whose address is in the database is claimed by it, whatever the coordinates said; one whose address the database
 * flags as abnormal goes to the manual-claim queue. A registration left unclaimed waits at its address: when the
 * address enters the database (or stops being abnormal), it is sent again with the new claim. The enterprises
 * claimed at the address are remembered by credit code only: when the database flags the address abnormal, corrects
 * it, adds it or moves it to another unit, each is sent an {@link AddressVerdict}, which it applies if it is still
 * registered there.
 */
public final class StandardAddressMatch
        extends KeyedCoProcessFunction<String, EnterpriseInput, StandardAddress, EnterpriseInput> {

    private final String gridLocation;
    private transient ClaimModel model;
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
        model = new ClaimModel(Grid.load(gridLocation));
        entry = getRuntimeContext().getState(new ValueStateDescriptor<>("standard-address",
                new AvroTypeInfo<>(StandardAddress.class)));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("unclaimed-registrations", Types.STRING,
                new AvroTypeInfo<>(EnterpriseRegistration.class)));
        claimed = getRuntimeContext().getMapState(new MapStateDescriptor<>("claimed-enterprises", Types.STRING,
                Types.BOOLEAN));
    }

    @Override
    public void processElement1(EnterpriseInput input, Context ctx, Collector<EnterpriseInput> out) throws Exception {
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

    @Override
    public void processElement2(StandardAddress address, Context ctx, Collector<EnterpriseInput> out) throws Exception {
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
                out.collect(verdict(code, ctx.getCurrentKey(), Claim.newBuilder(abnormal).build()));
            }
        } else if (standard != null && (before == null || !before.getUnitId().equals(standard.getUnitId()))) {
            // A new entry, a corrected one, or one moved to another unit: the address decides for its enterprises.
            for (String code : claimed.keys()) {
                out.collect(verdict(code, ctx.getCurrentKey(), Claim.newBuilder(standard).build()));
            }
        }
        if (standard == null) {
            return;
        }
        for (EnterpriseRegistration r : waiting.values()) {
            Claim c = Claim.newBuilder(standard).build();
            out.collect(EnterpriseInput.newBuilder().setRegistration(r).setClaim(c).setEvent(null).build());
            claimed.put(r.getCreditCode(), true);
        }
        waiting.clear();
    }

    private static EnterpriseInput verdict(String code, String addressKey, Claim claim) {
        return EnterpriseInput.newBuilder().setRegistration(null).setClaim(null)
                .setVerdict(new AddressVerdict(code, addressKey, claim)).build();
    }
}
