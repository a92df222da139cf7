package org.creditgrid.local.generate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EntityType;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.RegistrationChange;

/**
 * Deliberately malformed input records, each of which the job must dead-letter exactly once: random bytes, a
 * truncated message, an unknown enum symbol, an invalid check character, impossible coordinates, an establishment
 * date in the future, and an event whose detail does not match its kind. Their credit codes belong to no entity.
 */
public final class BadRecords {

    enum Kind { GARBAGE, TRUNCATED, UNKNOWN_ENUM, INVALID_CREDIT_CODE, IMPOSSIBLE_COORDINATES, IMPOSSIBLE_DATE, DETAIL_MISMATCH }

    record Bad(Kind kind, String topic, long timestamp, byte[] key, byte[] value) {}

    private static final AvroCodec<EnterpriseRegistration> REGISTRATION = AvroCodec.of(EnterpriseRegistration.class);
    private static final AvroCodec<EnforcementEvent> EVENT = AvroCodec.of(EnforcementEvent.class);

    private final List<Bad> all = new ArrayList<>();

    BadRecords(long seed, int count, Topics topics, long from, long to) {
        SplittableRandom r = new SplittableRandom(seed ^ 0xBADBADL);
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            long t = from + (long) (r.nextDouble() * (to - from - 1));
            String code = CreditCode.withCheckCharacter("91440000B" + String.format("%08d", i));
            byte[] key = code.getBytes(StandardCharsets.UTF_8);
            all.add(switch (kind) {
                case GARBAGE -> {
                    byte[] b = new byte[16 + r.nextInt(64)];
                    for (int j = 0; j < b.length; j++) {
                        b[j] = (byte) r.nextInt(256);
                    }
                    b[0] = 0x42; // never a valid single-object header
                    yield new Bad(kind, r.nextBoolean() ? topics.registrations() : topics.events(), t, key, b);
                }
                case TRUNCATED -> {
                    byte[] whole = REGISTRATION.encode(registration(code, t, null, LocalDate.of(2010, 1, 1)));
                    yield new Bad(kind, topics.registrations(), t, key, Arrays.copyOf(whole, whole.length / 2));
                }
                case UNKNOWN_ENUM -> new Bad(kind, topics.registrations(), t, key,
                        withUnknownChange(REGISTRATION.encode(registration(code, t, null, LocalDate.of(2010, 1, 1)))));
                case INVALID_CREDIT_CODE -> {
                    char wrong = code.charAt(17) == '0' ? '1' : '0';
                    String invalid = code.substring(0, 17) + wrong;
                    yield new Bad(kind, topics.events(), t, invalid.getBytes(StandardCharsets.UTF_8),
                            EVENT.encode(event(invalid, t, EventKind.COMPLAINT)));
                }
                case IMPOSSIBLE_COORDINATES -> new Bad(kind, topics.registrations(), t, key, REGISTRATION.encode(
                        registration(code, t, new Coordinates(213.3, 123.1, Crs.WGS84), LocalDate.of(2010, 1, 1))));
                case IMPOSSIBLE_DATE -> new Bad(kind, topics.registrations(), t, key, REGISTRATION.encode(
                        registration(code, t, null, LocalDate.ofEpochDay(t / 86_400_000L).plusYears(5))));
                case DETAIL_MISMATCH -> new Bad(kind, topics.events(), t, key,
                        EVENT.encode(event(code, t, EventKind.PENALTY)));
            });
        }
    }

    List<Bad> between(long from, long to) {
        return all.stream().filter(b -> b.timestamp() >= from && b.timestamp() < to).toList();
    }

    private static EnterpriseRegistration registration(String code, long t, Coordinates c, LocalDate established) {
        return EnterpriseRegistration.newBuilder()
                .setEventId(code + "-BAD").setCreditCode(code).setChange(RegistrationChange.ESTABLISHED)
                .setEventTime(Instant.ofEpochMilli(t)).setName("广州市测试有限公司").setEntityType(EntityType.LIMITED_COMPANY)
                .setIndustryCode("F5261").setAddress("广州市天河区测试路1号").setCoordinates(c)
                .setEstablishedDate(established).setLegalRepresentative("LR0").build();
    }

    private static EnforcementEvent event(String code, long t, EventKind kind) {
        return EnforcementEvent.newBuilder().setEventId(code + "-BAD").setCreditCode(code)
                .setEventTime(Instant.ofEpochMilli(t)).setDepartment("SAMR").setKind(kind).setDetail(null).build();
    }

    /**
     * Rewrites the {@code change} enum of an encoded registration to index 7 (it has 3 symbols): the body after the
     * 10-byte header starts with two strings (eventId, creditCode), each a zig-zag varint length and its bytes.
     */
    public static byte[] withUnknownChange(byte[] message) {
        int pos = 10;
        for (int field = 0; field < 2; field++) {
            long len = 0;
            int shift = 0;
            int b;
            do {
                b = message[pos++] & 0xff;
                len |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            pos += (int) ((len >>> 1) ^ -(len & 1));
        }
        byte[] out = message.clone();
        out[pos] = 14; // zig-zag(7)
        return out;
    }
}
