package org.creditgrid.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.StandardAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property test (seeded): random valid datums of every input contract decode; every one of their string, bytes,
 * array and map lengths replaced by a hostile one (2,000,000,000, the length of the 113-byte record, or
 * just one more than the bytes left) is refused before Avro allocates; trailing bytes are refused.
 */
class BinaryBoundsTest {

    static Stream<Arguments> contracts() {
        List<Arguments> out = new ArrayList<>();
        for (Class<?> type : List.of(EnterpriseRegistration.class, EnforcementEvent.class, SamplingPlan.class,
                Inspector.class, StandardAddress.class)) {
            for (long seed = 1; seed <= 25; seed++) {
                out.add(Arguments.of(type, seed));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("contracts")
    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> void hostileLengthsAndCountsAreRefusedBeforeAllocation(Class<T> type, long seed)
            throws Exception {
        AvroCodec<T> codec = AvroCodec.of(type);
        Schema schema = codec.schema();
        RandomDatum random = new RandomDatum(new Random(seed));
        byte[] valid = random.message(schema);
        codec.decode(valid); // a valid datum passes, whatever its shape

        assertThat(random.lengths).as("the datum has lengths to attack").isNotEmpty();
        for (int at : random.lengths) {
            for (long hostile : new long[] {2_000_000_000L, Integer.MAX_VALUE, valid.length - at}) {
                byte[] bad = HostileRecords.splice(valid, at, hostile);
                assertThatThrownBy(() -> codec.decode(bad)).as("length %d at byte %d", hostile, at)
                        .isInstanceOf(MalformedRecordException.class)
                        .hasMessageContaining("at byte " + at);
            }
        }
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertThatThrownBy(() -> codec.decode(trailing)).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("1 trailing bytes");
    }

    /** Writes a random datum of a schema with Avro's own encoder, remembering where each length or count starts. */
    static final class RandomDatum {
        final Random random;
        final List<Integer> lengths = new ArrayList<>();
        private ByteArrayOutputStream body;
        private BinaryEncoder encoder;

        RandomDatum(Random random) {
            this.random = random;
        }

        byte[] message(Schema schema) throws IOException {
            body = new ByteArrayOutputStream();
            body.write(0xC3);
            body.write(0x01);
            body.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(SchemaNormalization.parsingFingerprint64(schema)).array());
            encoder = EncoderFactory.get().directBinaryEncoder(body, null);
            write(schema);
            encoder.flush();
            return body.toByteArray();
        }

        private void write(Schema s) throws IOException {
            switch (s.getType()) {
                case NULL -> encoder.writeNull();
                case BOOLEAN -> encoder.writeBoolean(random.nextBoolean());
                case INT -> encoder.writeInt(s.getLogicalType() != null ? random.nextInt(20_000) : random.nextInt());
                case LONG -> encoder.writeLong(s.getLogicalType() != null
                        ? 1_700_000_000_000L + random.nextInt(1_000_000) : random.nextLong());
                case FLOAT -> encoder.writeFloat(random.nextFloat());
                case DOUBLE -> encoder.writeDouble(random.nextDouble());
                case FIXED -> encoder.writeFixed(new byte[s.getFixedSize()]);
                case ENUM -> encoder.writeEnum(random.nextInt(s.getEnumSymbols().size()));
                case STRING, BYTES -> {
                    mark();
                    byte[] text = ("天河" + "x".repeat(1 + random.nextInt(12))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    encoder.writeBytes(text);
                }
                case RECORD -> {
                    for (Schema.Field f : s.getFields()) {
                        write(f.schema());
                    }
                }
                case UNION -> {
                    int i = random.nextInt(s.getTypes().size());
                    encoder.writeIndex(i);
                    write(s.getTypes().get(i));
                }
                case ARRAY, MAP -> {
                    int n = 1 + random.nextInt(3);
                    mark();
                    encoder.writeLong(n);
                    for (int i = 0; i < n; i++) {
                        if (s.getType() == Schema.Type.MAP) {
                            mark();
                            encoder.writeString("k" + i);
                            write(s.getValueType());
                        } else {
                            write(s.getElementType());
                        }
                    }
                    encoder.writeLong(0);
                }
            }
        }

        private void mark() throws IOException {
            encoder.flush();
            lengths.add(body.size());
        }
    }
}
