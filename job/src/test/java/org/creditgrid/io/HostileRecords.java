package org.creditgrid.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.Licence;

/**
 * Hostile variants of a valid registration, as a fuzzer or an attacker writes them: a length or count field claiming
 * 2,000,000,000 bytes or items in a record of a few hundred bytes, and trailing bytes after a complete datum.
 */
public final class HostileRecords {

    public static final long HUGE = 2_000_000_000L;

    private HostileRecords() {}

    /** The registration with its name's length claiming {@link #HUGE} bytes. */
    public static byte[] hugeString(EnterpriseRegistration r) {
        AvroCodec<EnterpriseRegistration> codec = AvroCodec.of(EnterpriseRegistration.class);
        EnterpriseRegistration copy = EnterpriseRegistration.newBuilder(r).setName("HOSTILE-NAME").build();
        byte[] bytes = codec.encode(copy);
        int name = indexOf(bytes, "HOSTILE-NAME".getBytes(StandardCharsets.UTF_8));
        return splice(bytes, name - 1, HUGE);
    }

    /** The registration with its licence array claiming {@link #HUGE} items. */
    public static byte[] hugeArray(EnterpriseRegistration r) {
        AvroCodec<EnterpriseRegistration> codec = AvroCodec.of(EnterpriseRegistration.class);
        byte[] none = codec.encode(EnterpriseRegistration.newBuilder(r).setLicences(List.of()).build());
        byte[] one = codec.encode(EnterpriseRegistration.newBuilder(r).setLicences(List.of(Licence.FOOD)).build());
        int at = 0;
        while (none[at] == one[at]) {
            at++;
        }
        return splice(one, at, HUGE);
    }

    /** The registration followed by {@code extra} bytes. */
    public static byte[] trailing(EnterpriseRegistration r, int extra) {
        byte[] bytes = AvroCodec.of(EnterpriseRegistration.class).encode(r);
        return java.util.Arrays.copyOf(bytes, bytes.length + extra);
    }

    /** {@code bytes} with the varint at {@code at} replaced by {@code value} (zig-zag encoded). */
    public static byte[] splice(byte[] bytes, int at, long value) {
        int end = at;
        while ((bytes[end] & 0x80) != 0) {
            end++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        long z = (value << 1) ^ (value >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        out.write(bytes, end + 1, bytes.length - end - 1);
        return out.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
