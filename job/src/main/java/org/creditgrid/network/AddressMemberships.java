package org.creditgrid.network;

import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.identity.Registrations;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.Membership;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RegistrationChange;

/**
 * The enterprise's side of its address group, fed forward from its registrations (keyed by credit code): which
 * group of enterprises registered at the same normalised address it is in, and its joins and leaves for
 * {@link SharedGroups}. Who shares an address depends on the registrations alone, so it needs no score and no feedback
 * topic; only the legal-representative groups, whose flag depends on the risk class, go round through the enterprise
 * operator. Input: claimed registrations carrying their {@code addressKey} ({@code AddressText.normalise}).
 *
 * <p>The rule for which registration counts is the enterprise operator's ({@link Registrations#newer}): the one with
 * the latest event time, the greater event id at equal times; an older one arriving late changes nothing. A
 * deregistered enterprise leaves its group. State: the last change, one
 * small record per enterprise ever registered (a deregistered one keeps its time, so a late older registration cannot
 * bring it back).
 */
public final class AddressMemberships extends KeyedProcessFunction<String, EnterpriseInput, Membership> {

    /**
     * The enterprise's last address-group change: group ("" for none), present, event time (epoch ms), and in the
     * member field the event id of the registration it followed ("" in seats of earlier builds).
     */
    static final ValueStateDescriptor<Membership> SEAT =
            new ValueStateDescriptor<>("address-seat", new AvroTypeInfo<>(Membership.class));

    private transient ValueState<Membership> seat;

    @Override
    public void open(OpenContext openContext) {
        seat = getRuntimeContext().getState(SEAT);
    }

    @Override
    public void processElement(EnterpriseInput input, Context ctx, Collector<Membership> out) throws Exception {
        EnterpriseRegistration r = input.getRegistration();
        if (r == null) {
            return;
        }
        Membership last = seat.value();
        long time = r.getEventTime().toEpochMilli();
        if (last != null && Registrations.newer(last.getTime(), last.getMember(), time, r.getEventId())) {
            return; // an older registration arriving late: the newer one stays
        }
        String group = group(r, input.getAddressKey());
        String before = last == null || !last.getPresent() ? null : last.getGroup();
        if (!Objects.equals(group, before)) {
            if (before != null) {
                out.collect(new Membership(before, r.getCreditCode(), false, false, time));
            }
            if (group != null) {
                out.collect(new Membership(group, r.getCreditCode(), true, false, time));
            }
        }
        seat.update(new Membership(group == null ? "" : group, r.getEventId(), group != null, false, time));
    }

    /**
     * The address group of a registration: {@code "A|"} + its normalised address, or null when it is deregistered or
     * its address normalises to nothing.
     */
    public static String group(EnterpriseRegistration r, String addressKey) {
        boolean active = r.getChange() != RegistrationChange.DEREGISTERED;
        return active && addressKey != null && !addressKey.isEmpty() ? "A|" + addressKey : null;
    }
}
