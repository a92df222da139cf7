package org.creditgrid.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.ClaimHistory;
import org.junit.jupiter.api.Test;

/** Every topic has its schema, and each record becomes one line of valid JSON. */
class TailCommandTest {

    @Test
    void everyTopicOfTheJobHasItsSchema() {
        Topics t = Topics.defaults();
        assertThat(TailCommand.SCHEMAS.keySet()).containsAll(
                Stream.of(t.inputs(), t.outputs(), t.internal()).flatMap(java.util.List::stream).toList());
    }

    @Test
    void aRecordATombstoneAndGarbageAreEachOneJsonLine() throws Exception {
        AvroCodec<ClaimHistory> codec = AvroCodec.of(ClaimHistory.class);
        ClaimHistory h = new ClaimHistory("H1", "91440106MA00000011", "440106006", java.time.Instant.EPOCH, "legacy");
        ObjectMapper json = new ObjectMapper();
        JsonNode decoded = json.readTree(TailCommand.line(
                new ConsumerRecord<>("claim-history", 1, 7, "k\\\"1".getBytes(), codec.encode(h)), codec));
        assertThat(decoded.get("offset").asLong()).isEqualTo(7);
        assertThat(decoded.get("key").asText()).isEqualTo("k\\\"1");
        assertThat(decoded.get("value").get("unitId").asText()).isEqualTo("440106006");
        JsonNode tombstone = json.readTree(TailCommand.line(
                new ConsumerRecord<>("claim-history", 0, 1, "k".getBytes(), null), codec));
        assertThat(tombstone.get("value").isNull()).isTrue();
        JsonNode garbage = json.readTree(TailCommand.line(
                new ConsumerRecord<>("claim-history", 0, 2, null, new byte[] {1, 2, 3}), codec));
        assertThat(garbage.get("value").get("undecodable").asText()).isEqualTo("AQID");
    }
}
