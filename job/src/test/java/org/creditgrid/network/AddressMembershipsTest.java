package org.creditgrid.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.AddressText;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.Membership;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.RegistrationChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Operator harness: address-group joins and leaves fed forward from the registrations, keyed by credit code. */
class AddressMembershipsTest {

    static final String CODE = Fixtures.code(1);
    static final Instant T0 = Instant.parse("2025-03-01T02:00:00Z");

    /** The operator under test, opened; a test re-creates it to restore a snapshot. */
    KeyedOneInputStreamOperatorTestHarness<String, EnterpriseInput, Membership> h = opened(null);

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, EnterpriseInput, Membership> opened(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState restored) {
        try {
            var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new AddressMemberships()),
                    (EnterpriseInput i) -> i.getRegistration().getCreditCode(), Types.STRING);
            if (restored != null) {
                harness.initializeState(restored);
            }
            harness.open();
            return harness;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EnterpriseRegistration registration(String id, long minutes, String address,
                                                       RegistrationChange change) {
        EnterpriseRegistration r = Fixtures.registration(CODE, T0.plusSeconds(60 * minutes), Fixtures.TIANHE);
        r.setEventId(id);
        r.setAddress(address);
        r.setChange(change);
        return r;
    }

    private List<String> send(EnterpriseRegistration r) throws Exception {
        h.getOutput().clear();
        h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setRegistration(r)
                .setAddressKey(AddressText.normalise(r.getAddress())).build()));
        return h.extractOutputValues().stream()
                .map(m -> m.getGroup() + (m.getPresent() ? " +" : " -") + " " + m.getMember() + " @" + m.getTime())
                .toList();
    }

    private static long at(long minutes) {
        return T0.plusSeconds(60 * minutes).toEpochMilli();
    }

    @Test
    void joinsMovesAndLeavesByTheLatestRegistration() throws Exception {
        assertThat(send(registration("R0", 0, "广州市天河区天河路1号", RegistrationChange.ESTABLISHED)))
                .containsExactly("A|天河区天河路1号 + " + CODE + " @" + at(0));
        assertThat(send(registration("R1", 5, "广州市 天河区 天河路 1 號", RegistrationChange.CHANGED)))
                .as("the same address written differently").isEmpty();
        assertThat(send(registration("R2", 10, "广州市天河区体育西路2号", RegistrationChange.CHANGED)))
                .containsExactly("A|天河区天河路1号 - " + CODE + " @" + at(10),
                        "A|天河区体育西路2号 + " + CODE + " @" + at(10));
        assertThat(send(registration("R1", 5, "广州市天河区天河路1号", RegistrationChange.CHANGED)))
                .as("an older registration arriving late").isEmpty();
        assertThat(send(registration("R3", 20, "广州市天河区体育西路2号", RegistrationChange.DEREGISTERED)))
                .containsExactly("A|天河区体育西路2号 - " + CODE + " @" + at(20));
        assertThat(send(registration("R2", 10, "广州市天河区体育西路2号", RegistrationChange.CHANGED)))
                .as("a deregistered enterprise is not brought back by a late registration").isEmpty();
        assertThat(send(registration("R4", 30, "广州市天河区体育西路2号", RegistrationChange.ESTABLISHED)))
                .as("registered again").containsExactly("A|天河区体育西路2号 + " + CODE + " @" + at(30));
    }

    /**
     * Two registrations at the same instant: the greater event id is in force, as in the enterprise operator
     * ({@code Registrations.newer}), whichever arrives first — else the two could disagree on the enterprise's group.
     */
    @Test
    void registrationsAtTheSameInstantResolveByEventIdInEitherOrder() throws Exception {
        send(registration("R1", 5, "广州市天河区体育西路2号", RegistrationChange.CHANGED));
        assertThat(send(registration("R2", 5, "广州市天河区天河路1号", RegistrationChange.CHANGED)))
                .containsExactly("A|天河区体育西路2号 - " + CODE + " @" + at(5), "A|天河区天河路1号 + " + CODE + " @" + at(5));
        h.close();
        h = opened(null);
        send(registration("R2", 5, "广州市天河区天河路1号", RegistrationChange.CHANGED));
        assertThat(send(registration("R1", 5, "广州市天河区体育西路2号", RegistrationChange.CHANGED)))
                .as("R1 < R2: changes nothing").isEmpty();
    }

    @Test
    void anAddressThatNormalisesToNothingJoinsNoGroup() throws Exception {
        assertThat(send(registration("R0", 0, "  ", RegistrationChange.ESTABLISHED))).isEmpty();
        assertThat(send(registration("R1", 1, "广州市天河区天河路1号", RegistrationChange.CHANGED)))
                .containsExactly("A|天河区天河路1号 + " + CODE + " @" + at(1));
    }

    @Test
    void theSeatSurvivesARestore() throws Exception {
        send(registration("R0", 0, "广州市天河区天河路1号", RegistrationChange.ESTABLISHED));
        var snapshot = h.snapshot(1, 1);
        h.close();
        h = opened(snapshot);
        assertThat(send(registration("R1", 10, "广州市天河区体育西路2号", RegistrationChange.CHANGED)))
                .containsExactly("A|天河区天河路1号 - " + CODE + " @" + at(10),
                        "A|天河区体育西路2号 + " + CODE + " @" + at(10));
    }
}
