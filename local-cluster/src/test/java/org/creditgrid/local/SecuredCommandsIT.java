package org.creditgrid.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.creditgrid.pipeline.KafkaClientProperties;
import org.creditgrid.pipeline.Topics;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CLI's commands on a secured broker: a plan sent with {@code plan submit} and read back with {@code tail},
 * the settings given as a properties file to one and, but for the secrets, as {@code --kafka.KEY=VALUE} flags to the
 * other; a wrong password is refused with a message that does not quote it, and a secret given as a flag is refused
 * before anything could echo it.
 */
class SecuredCommandsIT {

    @ParameterizedTest
    @EnumSource(value = EmbeddedKafka.Security.class, names = {"SCRAM", "TLS"})
    void commandsTakeTheClientSettingsOfASecuredCluster(EmbeddedKafka.Security security, @TempDir Path dir)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(security)) {
            try (Admin admin = kafka.admin()) {
                EmbeddedKafka.createTopics(admin, Topics.defaults(), 1);
            }
            Path plan = dir.resolve("plan.json");
            Output example = cli("plan", "example");
            Files.writeString(plan, example.out());
            Path settings = kafka.clientPropertiesFile();

            Output sent = cli("plan", "submit", plan.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                    "--kafka-properties", settings.toString());
            assertThat(sent.code()).as(sent.err()).isZero();

            List<String> args = new ArrayList<>(List.of("tail", "sampling-plans", "--from-beginning", "--max", "1",
                    "--bootstrap-servers", kafka.bootstrapServers()));
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(settings)) {
                p.load(in);
            }
            Properties secrets = new Properties();
            p.stringPropertyNames().forEach(k -> {
                if (KafkaClientProperties.secret(k)) {
                    secrets.setProperty(k, p.getProperty(k));
                } else {
                    args.add("--kafka." + k + "=" + p.getProperty(k));
                }
            });
            Path secretsOnly = dir.resolve("secrets.properties");
            try (var out = Files.newBufferedWriter(secretsOnly)) {
                secrets.store(out, null);
            }
            args.addAll(List.of("--kafka-properties", secretsOnly.toString()));
            Output tailed = cli(args.toArray(String[]::new));
            assertThat(tailed.code()).as(tailed.err()).isZero();
            assertThat(tailed.out()).contains("\"planId\"");

            for (String secret : kafka.secrets()) {
                assertThat(sent.out() + sent.err() + tailed.err()).doesNotContain(secret);
            }
            if (security == EmbeddedKafka.Security.SCRAM) {
                String wrong = "not-the-password-" + System.nanoTime();
                Path wrongFile = dir.resolve("wrong.properties");
                Files.writeString(wrongFile, "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"" + EmbeddedKafka.SCRAM_USER + "\" password=\"" + wrong + "\";\n");
                Output refused = cli("tail", "sampling-plans", "--from-beginning", "--max", "1",
                        "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-properties", wrongFile.toString(),
                        "--kafka.security.protocol=SASL_PLAINTEXT", "--kafka.sasl.mechanism=SCRAM-SHA-512");
                assertThat(refused.code()).isEqualTo(1);
                assertThat(refused.err()).contains("Authentication failed").doesNotContain(wrong);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aMisspeltSettingOrASecretFlagIsABadFlag() {
        Output o = cli("tail", "sampling-plans", "--kafka.security.protocl=SSL");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("Unknown Kafka client setting 'security.protocl'");
        Output secret = cli("tail", "sampling-plans", "--kafka.ssl.key.password", "s3cr3t-flag");
        assertThat(secret.code()).isEqualTo(2);
        assertThat(secret.err()).contains("is a secret").doesNotContain("s3cr3t-flag");
    }

    private record Output(int code, String out, String err) {}

    /** Runs the CLI in this JVM with its console captured. */
    private static synchronized Output cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = CreditGridCli.run(args);
            return new Output(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
