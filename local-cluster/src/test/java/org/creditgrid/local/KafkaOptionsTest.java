package org.creditgrid.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The job's flag forms for Kafka client settings, taken by every command too. */
class KafkaOptionsTest {

    @Test
    void bothFlagFormsBecomePicocliMapEntries() {
        assertThat(KafkaOptions.rewrite(new String[] {"tail", "t", "--kafka.security.protocol=SSL",
                "--kafka.sasl.mechanism", "SCRAM-SHA-512", "--max", "1"}))
                .containsExactly("tail", "t", "--kafka", "security.protocol=SSL", "--kafka",
                        "sasl.mechanism=SCRAM-SHA-512", "--max", "1");
    }

    @Test
    void aValueMayItselfContainEqualsSigns() {
        assertThat(KafkaOptions.rewrite(new String[] {"--kafka.ssl.truststore.location=/etc/a=b.pem"}))
                .containsExactly("--kafka", "ssl.truststore.location=/etc/a=b.pem");
    }

    @Test
    void aSecretFlagIsRefusedBeforeAnyParserCouldEchoIt() {
        for (String[] args : new String[][] {{"tail", "t", "--kafka.ssl.key.password=s3cr3t"},
                {"demo", "--kafka.sasl.jaas.config", "s3cr3t"}, {"tail", "t", "--kafka", "ssl.keystore.password=s3cr3t"},
                {"cluster", "submit", "--kafka.ssl.key.password", "s3cr3t"}}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaOptions.rewrite(args))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a secret")
                    .hasMessageNotContaining("s3cr3t");
        }
    }

    @Test
    void clusterSubmitPassesTheJobItsFlagsUnchanged() {
        String[] args = {"cluster", "submit", "--kafka.security.protocol", "SSL"};
        assertThat(KafkaOptions.rewrite(args)).containsExactly(args);
    }
}
