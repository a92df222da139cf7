package org.creditgrid.supervision;

import java.io.IOException;
import java.util.ArrayList;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.creditgrid.internal.ClaimCaseState;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.PublishedProfile;
import org.creditgrid.internal.SamplingView;
import org.creditgrid.schema.EnterpriseRegistration;

/**
 * The enterprise operator's keyed state, for the current key, one value per concern: the core ({@link #STATE}: the
 * ledger and what the assessment and the groups keep), the registration, the claim case, what is kept of the last
 * published profile, and the sampling view ({@link #VIEWS}: what a plan reads, with the inspections and visits).
 * {@link #load} gives the plain-Java parts one {@link EnterpriseState}; {@link #store} writes back the core and the
 * view, and the other parts only when the input replaced them — an event that changes the score alone leaves the
 * registration, the claim case and, unless a profile is published, the profile as they are on disk (RocksDB rewrites,
 * and compacts again, every value written). The parts replace objects, never change a loaded one in place
 * ({@code EnterpriseStoreTest} checks the round trip over random inputs).
 *
 * <p>States of releases up to issue #15's fifth part keep every field in {@link #STATE}, and the published profile
 * whole: they are read as they are (the profile converted to its {@link PublishedProfile}) and split at their next
 * write.
 */
final class EnterpriseStore {

    /** The core; in states of earlier releases, the whole enterprise. */
    static final ValueStateDescriptor<EnterpriseState> STATE =
            new ValueStateDescriptor<>("enterprise", new AvroTypeInfo<>(EnterpriseState.class));
    static final ValueStateDescriptor<EnterpriseRegistration> REGISTRATION =
            new ValueStateDescriptor<>("registration", new AvroTypeInfo<>(EnterpriseRegistration.class));
    static final ValueStateDescriptor<ClaimCaseState> CLAIM_CASE =
            new ValueStateDescriptor<>("claim-case", new AvroTypeInfo<>(ClaimCaseState.class));
    static final ValueStateDescriptor<PublishedProfile> PROFILE =
            new ValueStateDescriptor<>("published-profile", new AvroTypeInfo<>(PublishedProfile.class));

    /** Each enterprise as sampling plans see it, derived from its state after every change. */
    static final ValueStateDescriptor<SamplingView> VIEWS =
            new ValueStateDescriptor<>("sampling-view", new AvroTypeInfo<>(SamplingView.class));

    /** Where the values come from: Flink's {@code RuntimeContext::getState}, or a test's backend. */
    interface Access {
        <T> ValueState<T> state(ValueStateDescriptor<T> descriptor);
    }

    private final ValueState<EnterpriseState> state;
    private final ValueState<EnterpriseRegistration> registration;
    private final ValueState<ClaimCaseState> claimCase;
    private final ValueState<PublishedProfile> profile;
    private final ValueState<SamplingView> views;

    private static final ClaimCaseState NO_CASE = new ClaimCaseState();

    /** What {@link #load} read for the current key, to write only what an input replaced. */
    private ClaimCaseState loadedCase;
    private EnterpriseRegistration loadedRegistration;
    private PublishedProfile loadedProfile;
    private boolean loadedWhole;
    private boolean loadedView;

    EnterpriseStore(Access access) {
        state = access.state(STATE);
        registration = access.state(REGISTRATION);
        claimCase = access.state(CLAIM_CASE);
        profile = access.state(PROFILE);
        views = access.state(VIEWS);
    }

    /** The enterprise of the current key, with the inspections and visits its view keeps; null if none. */
    EnterpriseState load() throws IOException {
        forget();
        EnterpriseState s = state.value();
        return s == null ? null : assemble(s, views.value());
    }

    /** The enterprise of the current key, its view {@code v} already read; for a plan that must open it. */
    EnterpriseState load(SamplingView v) throws IOException {
        return assemble(state.value(), v);
    }

    /**
     * Stores the enterprise of the current key, last loaded by {@link #load} (or new: then every part is written);
     * {@code s} is not to be used after. An enterprise without a view keeps its inspections and visits in its core.
     */
    void store(EnterpriseState s) throws IOException {
        SamplingView v = PlanDraw.viewOf(s);
        if (v == null) {
            if (loadedView) {
                views.clear();
            }
        } else {
            views.update(v);
            s.setInspections(new ArrayList<>());
            s.setVisits(new ArrayList<>());
        }
        if (loadedWhole || s.getRegistration() != loadedRegistration) {
            put(registration, s.getRegistration());
        }
        if (loadedWhole || s.getPublished() != loadedProfile) {
            put(profile, s.getPublished());
        }
        ClaimCaseState c = loadedCase == null ? NO_CASE : loadedCase;
        if (loadedWhole || s.getClaim() != c.getClaim() || s.getHistory() != c.getHistory()
                || s.getRequest() != c.getRequest() || s.getSharedFrom() != c.getSharedFrom()) {
            boolean none = s.getClaim() == null && s.getHistory() == null && s.getRequest() == null
                    && s.getSharedFrom() == null;
            put(claimCase, none ? null
                    : new ClaimCaseState(s.getClaim(), s.getHistory(), s.getRequest(), s.getSharedFrom()));
        }
        s.setRegistration(null);
        s.setProfile(null);
        s.setPublished(null);
        s.setClaim(null);
        s.setHistory(null);
        s.setRequest(null);
        s.setSharedFrom(null);
        state.update(s);
        forget();
    }

    void clear() {
        state.clear();
        registration.clear();
        claimCase.clear();
        profile.clear();
        views.clear();
        forget();
    }

    private EnterpriseState assemble(EnterpriseState s, SamplingView v) throws IOException {
        forget();
        if (s == null) {
            return null;
        }
        loadedWhole = s.getRegistration() != null || s.getProfile() != null || s.getClaim() != null
                || s.getHistory() != null || s.getRequest() != null || s.getSharedFrom() != null;
        if (!loadedWhole) {
            loadedRegistration = registration.value();
            loadedProfile = profile.value();
            loadedCase = claimCase.value();
            s.setRegistration(loadedRegistration);
            s.setPublished(loadedProfile);
            if (loadedCase != null) {
                s.setClaim(loadedCase.getClaim());
                s.setHistory(loadedCase.getHistory());
                s.setRequest(loadedCase.getRequest());
                s.setSharedFrom(loadedCase.getSharedFrom());
            }
        }
        if (s.getProfile() != null) { // kept whole by earlier releases
            s.setPublished(ProfileAssembly.published(s.getProfile()));
            s.setProfile(null);
        }
        if (v != null) {
            loadedView = true;
            s.setInspections(v.getInspections());
            s.setVisits(v.getVisits());
        }
        return s;
    }

    private void forget() {
        loadedCase = null;
        loadedRegistration = null;
        loadedProfile = null;
        loadedWhole = false;
        loadedView = false;
    }

    private static <T> void put(ValueState<T> part, T value) throws IOException {
        if (value == null) {
            part.clear();
        } else {
            part.update(value);
        }
    }
}
