package org.creditgrid.io;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (the spec's message format: 0xC3 0x01, the writer schema's 8-byte CRC-64-AVRO
 * fingerprint, then the binary body) for one record class. The decoder resolves the writer's schema by its
 * fingerprint: this build's, or any earlier version the project shipped ({@link AvroHistory}), so records written
 * before an upgrade still decode.
 * Encoder and decoder are created lazily so the codec can travel inside serialisable Flink functions.
 */
public final class AvroCodec<T extends SpecificRecord> implements Serializable {

    private static final long serialVersionUID = 1L;
    /** 0xC3 0x01 and the 8-byte fingerprint. */
    private static final int HEADER_LENGTH = 10;

    private final Class<T> type;
    private transient BinaryMessageEncoder<T> encoder;
    private transient BinaryMessageDecoder<T> decoder;
    /** The bounds of the current schema and of each earlier version, by writer fingerprint. */
    private transient Map<Long, BinaryBounds> bounds;

    private AvroCodec(Class<T> type) {
        this.type = type;
    }

    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return SpecificData.get().getSchema(type);
    }

    public byte[] encode(T record) {
        try {
            return toArray(encoder().encode(record));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + type.getSimpleName(), e);
        }
    }

    /**
     * Decodes one message. A body written with this codec's schema is first checked against its own length
     * ({@link BinaryBounds}), so hostile lengths and counts are refused before Avro allocates for them.
     *
     * @throws org.apache.avro.message.BadHeaderException if the bytes are not a single-object message
     * @throws org.apache.avro.message.MissingSchemaException if the writer's schema fingerprint is neither this build's
     *     nor a shipped earlier version's
     * @throws MalformedRecordException if a length, count or index does not fit the record, or bytes trail the datum
     * @throws IOException or a runtime Avro exception if the body does not match the schema
     */
    public T decode(byte[] bytes) throws IOException {
        BinaryMessageDecoder<T> d = decoder();
        if (bytes.length >= HEADER_LENGTH && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01) {
            BinaryBounds b = bounds.get(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
            if (b != null) {
                b.check(bytes, HEADER_LENGTH);
            }
        }
        return d.decode(bytes);
    }

    /** The remaining bytes of a buffer as an array, leaving the buffer as it was (Avro hands out ByteBuffers). */
    public static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private BinaryMessageEncoder<T> encoder() {
        if (encoder == null) {
            encoder = new BinaryMessageEncoder<>(SpecificData.getForClass(type), schema());
        }
        return encoder;
    }

    private BinaryMessageDecoder<T> decoder() {
        if (decoder == null) {
            Schema schema = schema();
            Map<Long, BinaryBounds> known = new HashMap<>();
            known.put(SchemaNormalization.parsingFingerprint64(schema), new BinaryBounds(schema));
            BinaryMessageDecoder<T> d = new BinaryMessageDecoder<>(SpecificData.getForClass(type), schema);
            // Records an earlier release wrote: resolved to this schema (the fields it added take their defaults).
            for (Schema earlier : AvroHistory.versions(schema.getFullName())) {
                if (known.putIfAbsent(SchemaNormalization.parsingFingerprint64(earlier), new BinaryBounds(earlier)) == null) {
                    d.addSchema(earlier);
                }
            }
            bounds = known;
            decoder = d;
        }
        return decoder;
    }
}
