package org.creditgrid.network;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.internal.Membership;

/**
 * One group of enterprises that share something (keyed by group: a normalised registered address, or a legal
 * representative): it keeps who is in it and who is flagged, and tells a member what the others amount to whenever
 * that member's view changes. Views are exact up to {@link #EXACT_UP_TO}; beyond, a member only learns "at least
 * that many", so a very large group costs each join one message instead of one per member.
 */
public final class SharedGroups extends KeyedProcessFunction<String, Membership, GroupSignal> {

    public static final int EXACT_UP_TO = org.creditgrid.risk.RiskRules.MAX_GROUP_THRESHOLD;

    private transient MapState<String, Membership> members;
    /** (members, flagged members) of the group. */
    private transient ValueState<Tuple2<Integer, Integer>> counts;

    @Override
    public void open(OpenContext openContext) {
        members = getRuntimeContext().getMapState(new MapStateDescriptor<>("members", Types.STRING,
                new AvroTypeInfo<>(Membership.class)));
        counts = getRuntimeContext().getState(new ValueStateDescriptor<>("counts",
                Types.TUPLE(Types.INT, Types.INT)));
    }

    @Override
    public void processElement(Membership m, Context ctx, Collector<GroupSignal> out) throws Exception {
        Membership old = members.get(m.getMember());
        if (old != null && old.getTime() > m.getTime()) {
            return; // an older change of that member, delivered late
        }
        Tuple2<Integer, Integer> c = counts.value();
        int count0 = c == null ? 0 : c.f0;
        int flagged0 = c == null ? 0 : c.f1;
        int count1 = count0;
        int flagged1 = flagged0;
        if (old != null) {
            count1--;
            flagged1 -= old.getFlagged() ? 1 : 0;
        }
        if (m.getPresent()) {
            count1++;
            flagged1 += m.getFlagged() ? 1 : 0;
            members.put(m.getMember(), m);
        } else if (old != null) {
            members.remove(m.getMember());
        } else {
            return; // leaving a group it was never seen in
        }
        if (count1 == 0) {
            counts.clear();
        } else {
            counts.update(Tuple2.of(count1, flagged1));
        }
        boolean countView = Math.min(count0, EXACT_UP_TO) != Math.min(count1, EXACT_UP_TO);
        boolean flaggedView = flagged0 != flagged1 && Math.min(flagged0, flagged1) <= EXACT_UP_TO;
        if (countView || flaggedView) {
            for (Membership other : members.values()) {
                if (other.getMember().equals(m.getMember())) {
                    continue;
                }
                int self = other.getFlagged() ? 1 : 0;
                if (countView || Math.min(flagged0 - self, EXACT_UP_TO) != Math.min(flagged1 - self, EXACT_UP_TO)) {
                    out.collect(signal(other, ctx.getCurrentKey(), count1, flagged1));
                }
            }
        }
        if (m.getPresent()) {
            // Even alone in the group: the answer overrides any older news of this group still on its way to the
            // member (signals carry no time, and the feedback lags by a checkpoint).
            out.collect(signal(m, ctx.getCurrentKey(), count1, flagged1));
        }
    }

    private static GroupSignal signal(Membership member, String group, int count, int flagged) {
        int others = flagged - (member.getFlagged() ? 1 : 0);
        return new GroupSignal(member.getMember(), group, Math.min(count, EXACT_UP_TO), Math.min(others, EXACT_UP_TO));
    }
}
