package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The deployment's Kafka client settings: read, checked, applied, and never shown with their secrets. */
class KafkaClientPropertiesTest {

    private static final String SECRET = "s3cr3t-Pa55-9f1c";
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"creditgrid\" password=\"" + SECRET + "\";";

    @Test
    void flagsOverTheFileAndEveryClientGetsThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config=" + JAAS
                + "\nssl.truststore.location=/etc/kafka/ca.p12\n");
        CreditGridConfig config = CreditGridConfig.fromArgs(new String[] {"--bootstrap-servers", "kafka:9093",
                "--kafka-properties", file.toString(), "--kafka.sasl.mechanism", "SCRAM-SHA-512"});

        Properties client = config.clientProperties();
        assertThat(client).containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/kafka/ca.p12");
    }

    @Test
    void secretsNeverAppearInTheJobParametersNorInAnyRendering(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "sasl.jaas.config=" + JAAS + "\nssl.keystore.password=" + SECRET
                + "\nssl.key.password=" + SECRET + "\n");
        CreditGridConfig config = CreditGridConfig.fromArgs(new String[] {"--kafka-properties", file.toString(),
                "--kafka.security.protocol=SASL_SSL", "--kafka.sasl.mechanism", "SCRAM-SHA-512"});

        Map<String, String> shown = config.toMap();
        assertThat(shown).containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("kafka.sasl.jaas.config", KafkaClientProperties.HIDDEN)
                .containsEntry("kafka.ssl.keystore.password", KafkaClientProperties.HIDDEN)
                .containsEntry("kafka.ssl.key.password", KafkaClientProperties.HIDDEN);
        assertThat(shown.toString()).doesNotContain(SECRET);
        assertThat(config.toString()).doesNotContain(SECRET);
        assertThat(config.kafkaClient().toString()).doesNotContain(SECRET).contains("SASL_SSL");
        assertThat(ParameterTool.fromMap(shown).toMap().toString()).doesNotContain(SECRET);
        // The job graph carries the real value (the clients need it), the text renderings do not.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(config.kafkaClient());
        }
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).contains(SECRET);
    }

    /** Kafka's password-typed settings, and names that say secret, are hidden; plain settings are not. */
    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "ssl.keystore.password", "ssl.key.password", "ssl.truststore.password",
            "ssl.keystore.key", "ssl.keystore.certificate.chain", "sasl.oauthbearer.client.credentials.client.secret"})
    void secretSettings(String key) {
        assertThat(KafkaClientProperties.secret(key)).as(key).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"security.protocol", "sasl.mechanism", "ssl.truststore.location", "ssl.keystore.type",
            "ssl.endpoint.identification.algorithm", "client.dns.lookup"})
    void plainSettings(String key) {
        assertThat(KafkaClientProperties.secret(key)).as(key).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bootstrap.servers", "isolation.level", "transactional.id", "transaction.timeout.ms",
            "group.id", "enable.idempotence", "enable.auto.commit", "value.deserializer", "client.id"})
    void settingsTheJobDecidesAreRefusedWithTheFlagToUse(String key) {
        assertThatThrownBy(() -> KafkaClientProperties.of(null, Map.of(key, SECRET)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("set by CreditGrid")
                .hasMessageNotContaining(SECRET);
    }

    /** Flags show in the process list and in Flink's client log: a secret as a flag is refused, unquoted. */
    @ParameterizedTest
    @ValueSource(strings = {"sasl.jaas.config", "ssl.keystore.password", "ssl.key.password", "ssl.keystore.key",
            "sasl.oauthbearer.client.credentials.client.secret"})
    void aSecretGivenAsAFlagIsRefusedWithoutQuotingIt(String key) {
        assertThatThrownBy(() -> CreditGridConfig.fromArgs(new String[] {"--kafka." + key, SECRET}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "' is a secret")
                .hasMessageContaining("--kafka-properties")
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> CreditGridConfig.fromArgs(new String[] {"--kafka." + key + "=" + SECRET}))
                .hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"security.protocl", "ssl.keystore.locaton", "sasl.mechansim", "kafka.security.protocol"})
    void misspeltSettingsAreRefusedWithoutQuotingTheValue(String key) {
        assertThatThrownBy(() -> KafkaClientProperties.of(null, Map.of(key, SECRET)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown Kafka client setting '" + key + "'")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void anUnreadableFileIsNamedButNotQuoted(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> KafkaClientProperties.of(dir.resolve("missing.properties"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.properties");
        // A malformed \\u escape fails Properties.load with a message of its own: never passed on.
        Path malformed = dir.resolve("malformed.properties");
        Files.writeString(malformed, "sasl.jaas.config=" + JAAS + " \\u00zz\n");
        assertThatThrownBy(() -> KafkaClientProperties.of(malformed, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed.properties")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void noSettingsMeansPlainClients() {
        CreditGridConfig config = CreditGridConfig.fromArgs(new String[0]);
        assertThat(config.kafkaClient().isEmpty()).isTrue();
        assertThat(config.clientProperties()).containsOnlyKeys("bootstrap.servers");
        assertThat(config.toMap().keySet()).noneMatch(k -> k.startsWith("kafka."));
    }
}
