package org.creditgrid.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.creditgrid.validation.InputValidation;
import org.creditgrid.Fixtures;
import org.creditgrid.internal.RawRecord;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/** Operator harness: decoding and validation, with rejections on the dead-letter side output. */
class DecodeAndValidateTest {

    private static RawRecord raw(long offset, byte[] value) {
        return RawRecord.newBuilder().setTopic("enterprise-registrations").setPartition(1).setOffset(offset)
                .setTimestamp(1_000L).setKey(ByteBuffer.wrap("k".getBytes())).setValue(value == null ? null : ByteBuffer.wrap(value))
                .build();
    }

    @Test
    void goodRecordsPassAndEveryKindOfBadRecordIsDeadLetteredWithItsBytes() throws Exception {
        AvroCodec<EnterpriseRegistration> codec = AvroCodec.of(EnterpriseRegistration.class);
        EnterpriseRegistration good = Fixtures.registration(Fixtures.code(1), Fixtures.T0, Fixtures.TIANHE);
        byte[] goodBytes = codec.encode(good);
        EnterpriseRegistration badCode = Fixtures.registration(Fixtures.code(2), Fixtures.T0, null);
        String c = badCode.getCreditCode();
        badCode.setCreditCode(c.substring(0, 17) + (c.charAt(17) == 'A' ? 'B' : 'A'));
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        byte[] otherSchema = AvroCodec.of(SamplingPlan.class).encode(SamplingPlan.newBuilder().setPlanId("p")
                .setEventTime(Fixtures.T0).setPeriodStart(Fixtures.T0).setPeriodEnd(Fixtures.at(1))
                .setItems(List.of()).setRatios(new org.creditgrid.schema.ClassRatios(0.1, 0.1, 0.1, 0.1))
                .setSeed(1).setTaskDeadline(Fixtures.at(1)).build());

        try (OneInputStreamOperatorTestHarness<RawRecord, EnterpriseRegistration> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(
                             new DecodeAndValidate<>(EnterpriseRegistration.class, InputValidation::registration))) {
            h.processElement(new StreamRecord<>(raw(10, goodBytes), 1_000L));
            h.processElement(new StreamRecord<>(raw(11, garbage), 1_000L));
            h.processElement(new StreamRecord<>(raw(12, Arrays.copyOf(goodBytes, goodBytes.length - 5)), 1_000L));
            h.processElement(new StreamRecord<>(raw(13, codec.encode(badCode)), 1_000L));
            h.processElement(new StreamRecord<>(raw(14, otherSchema), 1_000L));
            h.processElement(new StreamRecord<>(raw(15, null), 1_000L));

            assertThat(h.extractOutputValues()).containsExactly(good);
            List<DeadLetter> dead = h.getSideOutput(DecodeAndValidate.DEAD_LETTERS).stream()
                    .map(StreamRecord::getValue).toList();
            assertThat(dead).extracting(DeadLetter::getOffset).containsExactly(11L, 12L, 13L, 14L, 15L);
            assertThat(dead).extracting(DeadLetter::getReason).containsExactly(Rejection.UNDECODABLE,
                    Rejection.UNDECODABLE, Rejection.INVALID_CREDIT_CODE, Rejection.UNKNOWN_SCHEMA, Rejection.UNDECODABLE);
            assertThat(dead.get(0).getRawValue()).isEqualTo(ByteBuffer.wrap(garbage));
            assertThat(dead.get(0).getSourceTopic()).isEqualTo("enterprise-registrations");
            assertThat(dead.get(0).getPartition()).isEqualTo(1);
            assertThat(dead.get(2).getDetail()).contains("check character");
        }
    }
}
