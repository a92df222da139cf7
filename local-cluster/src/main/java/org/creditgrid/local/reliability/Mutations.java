package org.creditgrid.local.reliability;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.io.Validator;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.StandardAddress;
import org.creditgrid.validation.InputValidation;

/**
 * A mutation fuzzer over valid input records: {@link #mutate} turns the single-object Avro bytes of a valid record of
 * an input topic into a mutant of a chosen {@link Kind}, and {@link #rejection} says — decoding and validating as the
 * job's {@code DecodeAndValidate} does — whether the job must dead-letter it, and why.
 *
 * <p>Byte-level kinds apply to every input topic; field-level kinds decode the record, break one field and encode it
 * again. A mutant the job would accept (a bit flip that lands in a free-text field, say) is not malformed: the fuzzer
 * counts it as discarded and never sends it, so every mutant sent must come back as exactly one dead letter.
 */
public final class Mutations {

    public enum Kind {
        /** One bit of the 10-byte single-object header (marker or schema fingerprint) flipped. */
        HEADER_BIT_FLIP,
        /** One bit of the body flipped. */
        BODY_BIT_FLIP,
        /** The message cut short. */
        TRUNCATION,
        /** Bytes after the end of the record. */
        TRAILING_BYTES,
        /** The first field's length claims 2,000,000,000 bytes. */
        HOSTILE_LENGTH,
        /** A run of 1–16 body bytes replaced by random ones. */
        BYTE_SPLICE,
        /** Random bytes of the same length, no header. */
        GARBAGE,
        /** An enum index beyond the enum's symbols (registrations' {@code change}). */
        UNKNOWN_ENUM_SYMBOL,
        /** A credit code whose GB 32100 check character is wrong. */
        INVALID_CHECK_CHARACTER,
        /** NaN coordinates. */
        NAN_COORDINATES,
        /** Latitude beyond ±90° or longitude beyond ±180°. */
        OUT_OF_RANGE_COORDINATES,
        /** Coordinates outside China (Paris). */
        OUTSIDE_CHINA,
        /** An establishment date in a later century. */
        FUTURE_DATE,
        /** An establishment date before any register (1600). */
        ANCIENT_DATE,
        /** A penalty with a negative fine. */
        NEGATIVE_FINE,
        /** A name of 300,000 characters (about 900 KB: under Kafka's 1 MB message limit). */
        MEGABYTE_STRING
    }

    /** A mutant: its kind and bytes. */
    public record Mutant(Kind kind, byte[] value) {}

    private record Contract<T extends SpecificRecord>(AvroCodec<T> codec, Validator<T> validator) {
        Optional<String> rejection(byte[] value) {
            // The job's DecodeAndValidate, reason for reason.
            try {
                return validator.check(codec.decode(value)).map(r -> r.reason());
            } catch (org.apache.avro.message.MissingSchemaException e) {
                return Optional.of(org.creditgrid.io.Rejection.UNKNOWN_SCHEMA);
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                return Optional.of(org.creditgrid.io.Rejection.UNDECODABLE);
            }
        }
    }

    private final Map<String, Contract<?>> contracts;
    private final Topics topics;

    /** @param subLibraries the sub-library ids plans may target (the job's catalogue) */
    public Mutations(Topics topics, java.util.Set<String> subLibraries) {
        this.topics = topics;
        this.contracts = Map.of(
                topics.registrations(), new Contract<>(AvroCodec.of(EnterpriseRegistration.class),
                        InputValidation::registration),
                topics.events(), new Contract<>(AvroCodec.of(EnforcementEvent.class), InputValidation::event),
                topics.standardAddresses(), new Contract<>(AvroCodec.of(StandardAddress.class),
                        InputValidation::standardAddress),
                topics.claimHistory(), new Contract<>(AvroCodec.of(ClaimHistory.class), InputValidation::claimHistory),
                topics.claimResponses(), new Contract<>(AvroCodec.of(ClaimResponse.class),
                        InputValidation::claimResponse),
                topics.inspectors(), new Contract<>(AvroCodec.of(Inspector.class), InputValidation::inspector),
                topics.plans(), new Contract<>(AvroCodec.of(SamplingPlan.class),
                        p -> InputValidation.plan(p, subLibraries)));
    }

    /** Whether the fuzzer has the topic's contract. */
    public boolean covers(String topic) {
        return contracts.containsKey(topic);
    }

    /** The reason the job rejects {@code value} on {@code topic} (decoded and validated as the job does), if it does. */
    public Optional<String> rejection(String topic, byte[] value) {
        return contracts.get(topic).rejection(value);
    }

    /** The kinds that apply to a record of {@code topic}. */
    public List<Kind> kinds(String topic) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.HEADER_BIT_FLIP, Kind.BODY_BIT_FLIP, Kind.TRUNCATION,
                Kind.TRAILING_BYTES, Kind.HOSTILE_LENGTH, Kind.BYTE_SPLICE, Kind.GARBAGE));
        if (topic.equals(topics.registrations())) {
            kinds.addAll(List.of(Kind.UNKNOWN_ENUM_SYMBOL, Kind.INVALID_CHECK_CHARACTER, Kind.NAN_COORDINATES,
                    Kind.OUT_OF_RANGE_COORDINATES, Kind.OUTSIDE_CHINA, Kind.FUTURE_DATE, Kind.ANCIENT_DATE,
                    Kind.MEGABYTE_STRING));
        } else if (topic.equals(topics.events())) {
            kinds.addAll(List.of(Kind.INVALID_CHECK_CHARACTER, Kind.NEGATIVE_FINE));
        }
        return kinds;
    }

    /** A mutant of {@code kind} of the valid record {@code value} of {@code topic}, or empty if the kind cannot apply. */
    public Optional<Mutant> mutate(String topic, byte[] value, Kind kind, SplittableRandom random) {
        byte[] m = switch (kind) {
            case HEADER_BIT_FLIP -> flip(value, random.nextInt(Math.min(10, value.length)), random);
            case BODY_BIT_FLIP -> value.length <= 10 ? null : flip(value, 10 + random.nextInt(value.length - 10), random);
            case TRUNCATION -> Arrays.copyOf(value, random.nextInt(value.length));
            case TRAILING_BYTES -> {
                byte[] out = Arrays.copyOf(value, value.length + 1 + random.nextInt(8));
                for (int i = value.length; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
                yield out;
            }
            case HOSTILE_LENGTH -> hostileLength(value);
            case BYTE_SPLICE -> {
                if (value.length <= 11) {
                    yield null;
                }
                byte[] out = value.clone();
                int at = 10 + random.nextInt(value.length - 10);
                int run = Math.min(1 + random.nextInt(16), out.length - at);
                for (int i = at; i < at + run; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
                yield out;
            }
            case GARBAGE -> {
                byte[] out = new byte[value.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (byte) random.nextInt(256);
                }
                out[0] = 0x42; // never the single-object marker 0xC3 0x01
                yield out;
            }
            case UNKNOWN_ENUM_SYMBOL -> topic.equals(topics.registrations())
                    ? org.creditgrid.local.generate.BadRecords.withUnknownChange(value) : null;
            default -> fieldMutant(topic, value, kind, random);
        };
        return m == null ? Optional.empty() : Optional.of(new Mutant(kind, m));
    }

    private byte[] fieldMutant(String topic, byte[] value, Kind kind, SplittableRandom random) {
        try {
            return decodeAndBreak(topic, value, kind, random);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("a valid record did not decode", e);
        }
    }

    private byte[] decodeAndBreak(String topic, byte[] value, Kind kind, SplittableRandom random)
            throws java.io.IOException {
        if (topic.equals(topics.registrations())) {
            AvroCodec<EnterpriseRegistration> codec = AvroCodec.of(EnterpriseRegistration.class);
            EnterpriseRegistration r = codec.decode(value);
            switch (kind) {
                case INVALID_CHECK_CHARACTER -> r.setCreditCode(wrongCheckCharacter(r.getCreditCode()));
                case NAN_COORDINATES -> r.setCoordinates(coordinates(r, Double.NaN, Double.NaN));
                case OUT_OF_RANGE_COORDINATES -> r.setCoordinates(random.nextBoolean()
                        ? coordinates(r, 113.3, 95.0 + random.nextDouble() * 100)
                        : coordinates(r, 181.0 + random.nextDouble() * 100, 23.1));
                case OUTSIDE_CHINA -> r.setCoordinates(coordinates(r, 2.3522, 48.8566));
                case FUTURE_DATE -> r.setEstablishedDate(LocalDate.of(2200 + random.nextInt(700), 1, 1));
                case ANCIENT_DATE -> r.setEstablishedDate(LocalDate.of(1600, 1, 1));
                case MEGABYTE_STRING -> r.setName("广".repeat(300_000));
                default -> {
                    return null;
                }
            }
            return codec.encode(r);
        }
        if (topic.equals(topics.events())) {
            AvroCodec<EnforcementEvent> codec = AvroCodec.of(EnforcementEvent.class);
            EnforcementEvent e = codec.decode(value);
            switch (kind) {
                case INVALID_CHECK_CHARACTER -> e.setCreditCode(wrongCheckCharacter(e.getCreditCode()));
                case NEGATIVE_FINE -> {
                    if (!(e.getDetail() instanceof Penalty p) || p.getFineAmount() == null) {
                        return null;
                    }
                    p.setFineAmount(-1L - Math.abs(p.getFineAmount()));
                }
                default -> {
                    return null;
                }
            }
            return codec.encode(e);
        }
        return null;
    }

    private static Coordinates coordinates(EnterpriseRegistration r, double lon, double lat) {
        Coordinates c = r.getCoordinates();
        return new Coordinates(lon, lat, c == null ? org.creditgrid.schema.Crs.GCJ02 : c.getCrs());
    }

    private static String wrongCheckCharacter(String code) {
        if (code == null || code.length() != 18) {
            return "X";
        }
        char right = code.charAt(17);
        String alphabet = org.creditgrid.identity.CreditCode.ALPHABET;
        char wrong = alphabet.charAt((alphabet.indexOf(right) + 1 + alphabet.length()) % alphabet.length());
        return code.substring(0, 17) + wrong;
    }

    private static byte[] flip(byte[] value, int at, SplittableRandom random) {
        byte[] out = value.clone();
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
    }

    /** The first field's zig-zag varint length rewritten to claim 2,000,000,000 bytes. */
    private static byte[] hostileLength(byte[] value) {
        if (value.length <= 10) {
            return null;
        }
        int end = 10;
        while (end < value.length && (value[end] & 0x80) != 0) {
            end++;
        }
        if (end >= value.length) {
            return null;
        }
        long zigzag = 2_000_000_000L << 1;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(value, 0, 10);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        out.write(value, end + 1, value.length - end - 1);
        return out.toByteArray();
    }
}
