package org.creditgrid.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Records written by an earlier release decode: every record of {@code schemas/} has its current version in the
 * shipped history (run {@code schemas/record-history} after changing a schema), a claim request written before
 * {@code deadlineProvisional} was appended decodes with its default, and a hostile length under an earlier
 * fingerprint is refused before allocation as under the current one. Found by {@code ClusterIT} upgrading from
 * 07f9757: reading {@code claim-requests} across the upgrade failed with "Cannot resolve schema for fingerprint".
 */
class AvroHistoryTest {

    static Stream<String> records() throws Exception {
        List<String> names = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.walk(Path.of("../schemas/src/main/avro"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                JsonNode schema = json.readTree(f.toFile());
                if ("record".equals(schema.path("type").asText())) {
                    names.add(schema.path("namespace").asText() + "." + schema.path("name").asText());
                }
            }
        }
        assertThat(names).as("records found under schemas/").hasSizeGreaterThan(20);
        return names.stream();
    }

    @ParameterizedTest
    @MethodSource("records")
    void theCurrentVersionOfEveryRecordIsInTheHistory(String fullName) throws Exception {
        Schema current = SpecificData.get().getSchema(Class.forName(fullName));
        assertThat(AvroHistory.versions(fullName).stream().map(SchemaNormalization::parsingFingerprint64))
                .as("%s: run schemas/record-history and commit avro-history/", fullName)
                .contains(SchemaNormalization.parsingFingerprint64(current));
    }

    @Test
    void aClaimRequestOfAnEarlierReleaseDecodesWithTheAppendedFieldsDefault() throws Exception {
        Schema earlier = earlierClaimRequest();
        GenericRecord old = new GenericData.Record(earlier);
        for (Schema.Field f : earlier.getFields()) {
            old.put(f.name(), null);
        }
        old.put("requestId", "91440101MA5D0000X1:R1");
        old.put("creditCode", "91440101MA5D0000X1");
        old.put("status", new GenericData.EnumSymbol(earlier.getField("status").schema(), "OPEN"));
        old.put("reason", new GenericData.EnumSymbol(earlier.getField("reason").schema(), "NO_EVIDENCE"));
        old.put("detail", "no evidence");
        old.put("address", "广州市天河区天河路1号");
        old.put("candidateUnits", List.of("440106-01"));
        old.put("eventTime", Instant.parse("2025-03-01T00:00:00Z").toEpochMilli());
        byte[] bytes = AvroCodec.toArray(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), earlier)
                .encode(old));

        ClaimRequest read = AvroCodec.of(ClaimRequest.class).decode(bytes);

        assertThat(read.getRequestId()).isEqualTo("91440101MA5D0000X1:R1");
        assertThat(read.getStatus()).isEqualTo(ClaimStatus.OPEN);
        assertThat(read.getReason()).isEqualTo(ClaimReason.NO_EVIDENCE);
        assertThat(read.getCandidateUnits()).containsExactly("440106-01");
        assertThat(read.getEventTime()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(read.getDeadlineProvisional()).as("appended later, with default false").isFalse();
    }

    @Test
    void aHostileLengthUnderAnEarlierFingerprintIsRefusedBeforeAllocation() throws Exception {
        Schema earlier = earlierClaimRequest();
        ByteBuffer message = ByteBuffer.allocate(10 + 5).order(ByteOrder.LITTLE_ENDIAN);
        message.put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(earlier));
        // requestId, the first field: a string of 2,000,000,000 bytes (zig-zag varint) in a 15-byte message.
        long zigzag = 2_000_000_000L << 1;
        while ((zigzag & ~0x7FL) != 0) {
            message.put((byte) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        message.put((byte) zigzag);
        assertThatThrownBy(() -> AvroCodec.of(ClaimRequest.class).decode(message.array()))
                .isInstanceOf(MalformedRecordException.class);
    }

    /** The claim request as releases before the provisional deadline (07f9757 among them) wrote it. */
    private static Schema earlierClaimRequest() {
        return AvroHistory.versions(ClaimRequest.getClassSchema().getFullName()).stream()
                .filter(s -> s.getField("deadlineProvisional") == null && s.getField("respondingUnit") != null)
                .findFirst().orElseThrow();
    }
}
