package org.creditgrid.io;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Checks that an Avro binary body fits the bytes it came in before Avro decodes it.
 *
 * <p>Avro's {@code BinaryDecoder} allocates a string, bytes or collection of the length the data claims before it
 * reads a byte of it, so a 113-byte record claiming a 2,000,000,000-byte string throws {@link OutOfMemoryError}. Avro
 * 1.12.1's own guard ({@code SystemLimitException}, the system properties
 * {@code org.apache.avro.limits.{string,bytes,collectionItems}.maxLength}) is JVM-wide, read once when the class
 * loads, and defaults to {@code Integer.MAX_VALUE - 8}: it cannot say "no longer than this record". This walk does,
 * with the writer's schema over the body: every string and bytes length must fit in the bytes left, every collection
 * block must have at least as many bytes left as its items' smallest encoding needs (items that encode to no bytes,
 * such as {@code null}, at most one per byte of the record), union and enum indexes must name a branch or symbol,
 * nesting is at most {@link #MAX_DEPTH} deep, and the datum must end exactly at the last byte (trailing bytes are an
 * error, not ignored).
 */
public final class BinaryBounds {

    /** Deepest nesting of records, arrays, maps and unions a datum may have (our contracts need fewer than 10). */
    public static final int MAX_DEPTH = 64;

    private final Schema schema;
    private final Map<Schema, Integer> minimumSizes = new IdentityHashMap<>();

    public BinaryBounds(Schema schema) {
        this.schema = schema;
        minimumSize(schema);
    }

    /**
     * Checks {@code bytes[from..]} as one binary datum of the schema.
     *
     * @throws MalformedRecordException naming the first problem and its byte offset in {@code bytes}
     */
    public void check(byte[] bytes, int from) throws MalformedRecordException {
        Walk walk = new Walk(bytes, from);
        walk.datum(schema, 0);
        if (walk.pos != bytes.length) {
            throw new MalformedRecordException((bytes.length - walk.pos) + " trailing bytes after a complete "
                    + schema.getName() + " (ends at byte " + walk.pos + " of " + bytes.length + ")");
        }
    }

    /** Bytes the smallest datum of {@code s} takes in the binary encoding (0 for a recursion's inner use). */
    private int minimumSize(Schema s) {
        Integer known = minimumSizes.get(s);
        if (known != null) {
            return known;
        }
        minimumSizes.put(s, 0); // a recursive reference counts as nothing: a lower bound is all that is needed
        int size = switch (s.getType()) {
            case NULL -> 0;
            case BOOLEAN, INT, LONG, ENUM, STRING, BYTES, ARRAY, MAP -> 1;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> s.getFixedSize();
            case RECORD -> {
                long sum = 0;
                for (Schema.Field f : s.getFields()) {
                    sum += minimumSize(f.schema());
                }
                yield (int) Math.min(Integer.MAX_VALUE, sum);
            }
            case UNION -> {
                int min = Integer.MAX_VALUE;
                for (Schema branch : s.getTypes()) {
                    min = Math.min(min, minimumSize(branch));
                }
                yield 1 + (min == Integer.MAX_VALUE ? 0 : min);
            }
        };
        minimumSizes.put(s, size);
        return size;
    }

    private final class Walk {
        private final byte[] bytes;
        private int pos;

        Walk(byte[] bytes, int from) {
            this.bytes = bytes;
            this.pos = from;
        }

        void datum(Schema s, int depth) throws MalformedRecordException {
            if (depth > MAX_DEPTH) {
                throw new MalformedRecordException("nested deeper than " + MAX_DEPTH + " levels at byte " + pos);
            }
            switch (s.getType()) {
                case NULL -> { }
                case BOOLEAN -> {
                    int b = take(1, "boolean");
                    if ((bytes[b] & 0xff) > 1) {
                        throw new MalformedRecordException("boolean byte " + (bytes[b] & 0xff) + " at byte " + b);
                    }
                }
                case INT -> varint(5, "int");
                case LONG -> varint(10, "long");
                case FLOAT -> take(4, "float");
                case DOUBLE -> take(8, "double");
                case FIXED -> take(s.getFixedSize(), s.getFullName());
                case STRING, BYTES -> length(s.getType() == Schema.Type.STRING ? "string" : "bytes");
                case ENUM -> {
                    int at = pos;
                    long index = varint(5, "enum index");
                    if (index < 0 || index >= s.getEnumSymbols().size()) {
                        throw new MalformedRecordException("enum " + s.getFullName() + " index " + index
                                + " at byte " + at + " names none of its " + s.getEnumSymbols().size() + " symbols");
                    }
                }
                case UNION -> {
                    int at = pos;
                    long index = varint(10, "union index");
                    List<Schema> branches = s.getTypes();
                    if (index < 0 || index >= branches.size()) {
                        throw new MalformedRecordException("union index " + index + " at byte " + at
                                + " names none of its " + branches.size() + " branches");
                    }
                    datum(branches.get((int) index), depth + 1);
                }
                case RECORD -> {
                    for (Schema.Field f : s.getFields()) {
                        datum(f.schema(), depth + 1);
                    }
                }
                case ARRAY -> blocks(s.getElementType(), false, depth);
                case MAP -> blocks(s.getValueType(), true, depth);
            }
        }

        private void blocks(Schema item, boolean map, int depth) throws MalformedRecordException {
            int itemMinimum = map ? 1 + minimumSize(item) : minimumSize(item);
            String what = map ? "map" : "array";
            while (true) {
                int at = pos;
                long count = varint(10, what + " block count");
                if (count == 0) {
                    return;
                }
                if (count < 0) {
                    if (count == Long.MIN_VALUE) {
                        throw new MalformedRecordException(what + " block count out of range at byte " + at);
                    }
                    count = -count;
                    int sizeAt = pos;
                    long size = varint(10, what + " block size");
                    if (size < 0 || size > bytes.length - pos) {
                        throw new MalformedRecordException(what + " block size " + size + " at byte " + sizeAt
                                + " exceeds the " + (bytes.length - pos) + " bytes left");
                    }
                }
                long room = itemMinimum == 0 ? bytes.length : (bytes.length - pos) / itemMinimum;
                if (count > room) {
                    throw new MalformedRecordException(what + " block of " + count + " items at byte " + at
                            + " cannot fit in the " + (bytes.length - pos) + " bytes left");
                }
                for (long i = 0; i < count; i++) {
                    if (map) {
                        length("map key");
                    }
                    datum(item, depth + 1);
                }
            }
        }

        private void length(String what) throws MalformedRecordException {
            int at = pos;
            long length = varint(10, what + " length");
            if (length < 0 || length > bytes.length - pos) {
                throw new MalformedRecordException(what + " length " + length + " at byte " + at
                        + " exceeds the " + (bytes.length - pos) + " bytes left");
            }
            pos += (int) length;
        }

        private int take(int n, String what) throws MalformedRecordException {
            if (n > bytes.length - pos) {
                throw new MalformedRecordException(what + " needs " + n + " bytes at byte " + pos + ", "
                        + (bytes.length - pos) + " left");
            }
            int at = pos;
            pos += n;
            return at;
        }

        /** A zig-zag varint of at most {@code maxBytes} bytes, decoded. */
        private long varint(int maxBytes, String what) throws MalformedRecordException {
            int at = pos;
            long raw = 0;
            for (int shift = 0, i = 0; ; shift += 7, i++) {
                if (i == maxBytes) {
                    throw new MalformedRecordException(what + " at byte " + at + " runs past " + maxBytes + " bytes");
                }
                if (pos >= bytes.length) {
                    throw new MalformedRecordException(what + " at byte " + at + " is cut off by the end of the record");
                }
                int b = bytes[pos++] & 0xff;
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            return (raw >>> 1) ^ -(raw & 1);
        }
    }
}
