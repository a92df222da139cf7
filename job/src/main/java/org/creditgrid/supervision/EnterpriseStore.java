package org.creditgrid.supervision;

import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.SamplingView;

/**
 * The enterprise operator's keyed state, for the current key: the enterprise ({@link #STATE}) and its sampling view
 * ({@link #VIEWS}), which holds its inspections and joint visits so that a plan visits only the views (a small
 * fraction of the bytes) and opens the whole state only where an assessment no longer holds at the plan's instant.
 */
final class EnterpriseStore {

    static final ValueStateDescriptor<EnterpriseState> STATE =
            new ValueStateDescriptor<>("enterprise", new AvroTypeInfo<>(EnterpriseState.class));

    /** Each enterprise as sampling plans see it, derived from its state after every change. */
    static final ValueStateDescriptor<SamplingView> VIEWS =
            new ValueStateDescriptor<>("sampling-view", new AvroTypeInfo<>(SamplingView.class));

    private final ValueState<EnterpriseState> state;
    private final ValueState<SamplingView> views;

    EnterpriseStore(RuntimeContext runtime) {
        state = runtime.getState(STATE);
        views = runtime.getState(VIEWS);
    }

    /** The enterprise of the current key, with the inspections and visits its view keeps; null if none. */
    EnterpriseState load() throws IOException {
        EnterpriseState s = state.value();
        return s == null ? null : withView(s, views.value());
    }

    /** The enterprise of the current key, its view {@code v} already read; for a plan that must open it. */
    EnterpriseState load(SamplingView v) throws IOException {
        return withView(state.value(), v);
    }

    /**
     * Stores the enterprise of the current key ({@code s} is not to be used after): its view, with its inspections
     * and visits, and the rest of its state. An enterprise without a view keeps them in its state.
     */
    void store(EnterpriseState s) throws IOException {
        SamplingView v = PlanDraw.viewOf(s);
        if (v == null) {
            views.clear();
        } else {
            views.update(v);
            s.setInspections(new ArrayList<>());
            s.setVisits(new ArrayList<>());
        }
        state.update(s);
    }

    void clear() {
        state.clear();
        views.clear();
    }

    private static EnterpriseState withView(EnterpriseState s, SamplingView v) {
        if (v != null) {
            s.setInspections(v.getInspections());
            s.setVisits(v.getVisits());
        }
        return s;
    }
}
