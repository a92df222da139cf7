package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.avro.specific.SpecificRecord;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.AddressText;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.schema.ChangedField;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RegistrationChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The enterprise's state split by concern ({@link EnterpriseStore}): what the plain-Java supervisor leaves in memory is
 * what the store gives back, whichever parts an input replaced, in any sequence of inputs; an event alone rewrites
 * only the core (and the profile when one is published); a state of an earlier release, whole in one value, reads
 * the same and is split at its next write.
 */
class EnterpriseStoreTest extends OneEnterprise {

    /** A keyed value as RocksDB keeps it: bytes, so every read is a new object and a change in place is lost. */
    static final class Backend implements EnterpriseStore.Access {
        static final Map<String, Class<? extends SpecificRecord>> TYPES = Map.of(
                "enterprise", EnterpriseState.class, "registration", EnterpriseRegistration.class,
                "claim-case", org.creditgrid.internal.ClaimCaseState.class,
                "published-profile", org.creditgrid.internal.PublishedProfile.class,
                "sampling-view", org.creditgrid.internal.SamplingView.class);
        final Map<String, byte[]> values = new HashMap<>();
        final Map<String, Integer> writes = new HashMap<>();

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> ValueState<T> state(ValueStateDescriptor<T> descriptor) {
            String name = descriptor.getName();
            AvroCodec codec = AvroCodec.of((Class) TYPES.get(name));
            return new ValueState<>() {
                @Override
                public T value() throws IOException {
                    byte[] b = values.get(name);
                    return b == null ? null : (T) codec.decode(b);
                }

                @Override
                public void update(T value) throws IOException {
                    values.put(name, codec.encode((SpecificRecord) value));
                    writes.merge(name, 1, Integer::sum);
                }

                @Override
                public void clear() {
                    values.remove(name);
                    writes.merge(name, 1, Integer::sum); // a delete is a write to RocksDB too
                }
            };
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 150);
    }

    /**
     * Random inputs of every kind the enterprise hears — registrations (moves, a new legal representative, the
     * standard-address join re-sending one), its historical claim, events, its address group's counts around the
     * crowded-address limit, the passing of time — each applied to the state the store gives back and stored again;
     * after each, the store gives back exactly the state a twin kept in memory reached.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void theStoreGivesBackWhatTheSupervisorLeftWhateverTheInputsReplaced(long seed) throws IOException {
        Random r = new Random(seed);
        String code = Fixtures.code((int) seed);
        Backend backend = new Backend();
        EnterpriseStore store = new EnterpriseStore(backend);
        EnterpriseState twin = EnterpriseSupervisor.emptyState();
        long now = Fixtures.T0.toEpochMilli();
        int steps = 5 + r.nextInt(40);
        EnterpriseRegistration last = null;
        for (int step = 0; step < steps; step++) {
            EnterpriseState s = store.load();
            if (s == null) {
                s = EnterpriseSupervisor.emptyState();
            }
            now += r.nextInt(20) * Fixtures.DAY;
            if (r.nextInt(8) == 0) {
                SUPERVISOR.onTime(s, now);
                SUPERVISOR.onTime(twin, now);
            } else {
                EnterpriseInput in = input(r, code, step, now);
                if (in.getRegistration() != null && in.getRegistration().getChange() == RegistrationChange.CHANGED
                        && last != null && r.nextInt(3) == 0) {
                    // the standard-address join re-sending the registration in force once its address's entry came
                    in = EnterpriseInput.newBuilder().setRegistration(last).setClaim(CLAIMS.byUnit(
                            ClaimMethod.STANDARD_ADDRESS, List.of("440106001", "440106022").get(r.nextInt(2)),
                            "standard address SA-" + code).orElseThrow()).build();
                } else if (in.getRegistration() != null) {
                    last = in.getRegistration();
                }
                SUPERVISOR.apply(s, EnterpriseInput.newBuilder(in).build());
                SUPERVISOR.apply(twin, EnterpriseInput.newBuilder(in).build());
            }
            store.store(s);
            EnterpriseState back = store.load();
            if (back == null) {
                back = EnterpriseSupervisor.emptyState();
            }
            assertThat(back).as("seed %d step %d", seed, step).isEqualTo(twin);
        }
    }

    private static EnterpriseInput input(Random r, String code, int step, long now) {
        java.time.Instant t = java.time.Instant.ofEpochMilli(now);
        switch (r.nextInt(7)) {
            case 0, 1: {
                EnterpriseRegistration reg = Fixtures.registration(code, t, r.nextBoolean() ? Fixtures.TIANHE : null);
                reg.setEventId(code + "-R" + step);
                if (step > 0) {
                    reg.setChange(RegistrationChange.CHANGED);
                    boolean move = r.nextBoolean();
                    reg.setChangedFields(List.of(move ? ChangedField.ADDRESS : ChangedField.LEGAL_REPRESENTATIVE));
                    if (move) {
                        reg.setAddress(reg.getAddress() + r.nextInt(3) + "号");
                    }
                }
                Claim claim = r.nextInt(3) == 0
                        ? CLAIMS.byUnit(ClaimMethod.STANDARD_ADDRESS, "440106001", "standard address SA-" + code)
                                .orElseThrow()
                        : CLAIMS.claim(reg);
                return EnterpriseInput.newBuilder().setRegistration(reg).setClaim(claim).build();
            }
            case 2: {
                ClaimHistory h = new ClaimHistory("H-" + code + step, code, "440106006", Fixtures.at(-400), "legacy");
                Claim c = CLAIMS.byUnit(ClaimMethod.HISTORY, "440106006", "historical claim H-" + code + step)
                        .orElseThrow();
                c.setSince(h.getClaimedAt());
                return EnterpriseInput.newBuilder().setHistory(h).setClaim(c).build();
            }
            case 3: {
                String group = "A|" + AddressText.normalise(Fixtures.registration(code, t, null).getAddress());
                return EnterpriseInput.newBuilder().setSignal(new GroupSignal(code, group, 1 + r.nextInt(45),
                        r.nextInt(3))).build();
            }
            default:
                return EnterpriseInput.newBuilder().setEvent(OrderIndependenceTest.any(r, code, "E" + step, t)).build();
        }
    }

    /** A complaint rewrites the core (its ledger) and nothing it did not replace; before registering, nothing is deleted. */
    @Test
    void anEventRewritesNeitherTheRegistrationNorTheClaimCase() throws IOException {
        Backend backend = new Backend();
        EnterpriseStore store = new EnterpriseStore(backend);
        String code = Fixtures.code(1);
        EnterpriseState s = EnterpriseSupervisor.emptyState();
        SUPERVISOR.apply(s, EnterpriseInput.newBuilder().setEvent(alert(code, "a0")).build());
        store.store(s);
        s = store.load();
        SUPERVISOR.apply(s, EnterpriseInput.newBuilder().setEvent(alert(code, "a1")).build());
        store.store(s);
        assertThat(backend.writes).as("held for its registration: the core alone").containsOnlyKeys("enterprise")
                .containsEntry("enterprise", 2);

        s = store.load();
        EnterpriseRegistration reg = Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
        SUPERVISOR.apply(s, EnterpriseInput.newBuilder().setRegistration(reg).setClaim(CLAIMS.claim(reg)).build());
        store.store(s);
        Map<String, Integer> before = new HashMap<>(backend.writes);
        assertThat(before).containsKeys("enterprise", "registration", "claim-case", "published-profile");

        s = store.load();
        SUPERVISOR.apply(s, EnterpriseInput.newBuilder().setEvent(Fixtures.complaint(code, "c1", Fixtures.at(1)))
                .build());
        store.store(s);

        assertThat(backend.writes.get("enterprise")).isEqualTo(before.get("enterprise") + 1);
        assertThat(backend.writes.get("registration")).isEqualTo(before.get("registration"));
        assertThat(backend.writes.get("claim-case")).isEqualTo(before.get("claim-case"));
        assertThat(backend.writes.get("published-profile")).as("one complaint publishes no profile")
                .isEqualTo(before.get("published-profile"));
        assertThat(store.load().getLedger()).hasSize(3);
        assertThat(store.load().getRegistration()).isEqualTo(reg);
    }

    /**
     * A state as releases up to issue #15's fourth part wrote it: every field in the one {@code enterprise} value,
     * the published profile whole. It reads as the same enterprise (the profile as its {@code PublishedProfile}, the
     * same digest a new profile of the same content gets) and is split at its next write.
     */
    @Test
    void aStateOfAnEarlierReleaseReadsTheSameAndIsSplitAtItsNextWrite() throws IOException {
        String code = Fixtures.code(2);
        EnterpriseRegistration reg = Fixtures.registration(code, Fixtures.T0, Fixtures.TIANHE);
        org.creditgrid.schema.EnterpriseProfile published = register(reg).profile();
        apply(Fixtures.complaint(code, "c1", Fixtures.at(1)));
        assertThat(published).isNotNull();
        AvroCodec<EnterpriseState> codec = AvroCodec.of(EnterpriseState.class);
        EnterpriseState whole = decode(codec, encode(codec, state));
        whole.setPublished(null);
        whole.setProfile(published); // as releases up to this change wrote it
        Backend backend = new Backend();
        backend.values.put("enterprise", encode(codec, whole));

        EnterpriseStore store = new EnterpriseStore(backend);
        EnterpriseState read = store.load();
        // The same enterprise, not yet counted by the unit statistics (they count it from its next assessment).
        EnterpriseState expected = EnterpriseState.newBuilder(state).build();
        expected.getPublished().setCounted(false);
        assertThat(read).isEqualTo(expected);
        store.store(read);

        EnterpriseState core = decode(codec, backend.values.get("enterprise"));
        assertThat(core.getRegistration()).isNull();
        assertThat(core.getProfile()).isNull();
        assertThat(core.getPublished()).isNull();
        assertThat(core.getClaim()).isNull();
        assertThat(backend.values).containsKeys("registration", "claim-case", "published-profile");
        EnterpriseState split = store.load();
        assertThat(split).isEqualTo(expected);
        // the same content again publishes nothing: the converted digest is the digest of that content; the unit
        // statistics hear where the enterprise counts, once
        Outcome again = SUPERVISOR.rescore(split);
        assertThat(again.profile()).isNull();
        assertThat(again.move().getFrom()).isNull();
        assertThat(again.move().getTo().getUnitId()).isEqualTo("440106022");
        assertThat(split.getPublished().getCounted()).isTrue();
    }

    private static org.creditgrid.schema.EnforcementEvent alert(String code, String id) {
        return Fixtures.event(code, id, Fixtures.T0, org.creditgrid.schema.EventKind.DATA_ALERT,
                new org.creditgrid.schema.Note("alert"));
    }

    private static byte[] encode(AvroCodec<EnterpriseState> codec, EnterpriseState s) {
        return codec.encode(s);
    }

    private static EnterpriseState decode(AvroCodec<EnterpriseState> codec, byte[] b) {
        try {
            return codec.decode(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
