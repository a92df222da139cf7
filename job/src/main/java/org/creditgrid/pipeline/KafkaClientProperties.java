package org.creditgrid.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Kafka client settings a deployment adds to every client of the job and of the CLI: in practice
 * {@code security.protocol}, {@code sasl.*} and {@code ssl.*} (see Kafka's client configuration reference), plus any
 * other standard client setting such as {@code client.dns.lookup}.
 *
 * <p>Read from a Java properties file ({@code --kafka-properties FILE}) and from flags ({@code --kafka.KEY VALUE}),
 * the flags winning. Secrets — every setting Kafka itself types as a password ({@code sasl.jaas.config},
 * {@code ssl.keystore.password}, {@code ssl.key.password}, {@code ssl.keystore.key}, ...) and any whose name says
 * password, secret, token or credential — never leave this object in text: {@link #toString()} and {@link #shown()}
 * print {@value #HIDDEN} instead, and no error message quotes a value. A secret is refused as a flag: program
 * arguments show in the process list, and Flink's CLI logs them at INFO (it masks only an argument whose own text
 * looks sensitive, so the value after {@code --kafka.ssl.key.password} would be logged). Secrets belong in the file.
 *
 * <p>Settings the job decides itself are refused with the flag to use instead, so a deployment cannot, say, turn
 * {@code isolation.level} back to {@code read_uncommitted}; unknown keys are refused too (a misspelt
 * {@code security.protocol} would otherwise connect in plaintext and fail much later).
 */
public final class KafkaClientProperties implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Kafka's own rendering of a hidden value in its logged client configuration. */
    public static final String HIDDEN = "[hidden]";

    /** The prefix of the flags: {@code --kafka.security.protocol SASL_SSL}. */
    public static final String FLAG_PREFIX = "kafka.";

    /** Keys the job sets itself, with the flag or reason that replaces them. */
    private static final Map<String, String> RESERVED = reserved();

    private static final Set<String> KNOWN = known();

    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|jaas|credential).*");

    private static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of());

    private final TreeMap<String, String> settings;

    private KafkaClientProperties(Map<String, String> settings) {
        this.settings = new TreeMap<>(settings);
    }

    /** No extra settings: plaintext, unauthenticated clients. */
    public static KafkaClientProperties none() {
        return NONE;
    }

    /**
     * The settings of {@code file} (a Java properties file, may be {@code null}) overridden by {@code flags}
     * (keys without the {@code kafka.} prefix).
     *
     * @throws IllegalArgumentException if the file cannot be read, a key is reserved or unknown, or a secret is a flag
     */
    public static KafkaClientProperties of(Path file, Map<String, String> flags) {
        for (String key : flags.keySet()) {
            if (secret(key.trim())) {
                throw new IllegalArgumentException("Kafka client setting '" + key.trim() + "' is a secret: give it "
                        + "in the --kafka-properties file, not as a flag (flags show in the process list and in "
                        + "Flink's client log)");
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) { // the message may quote the file: never pass it on
                throw new IllegalArgumentException("Cannot read the Kafka client properties file " + file + ": "
                        + e.getClass().getSimpleName());
            }
            p.stringPropertyNames().forEach(k -> all.put(k.trim(), p.getProperty(k).trim()));
        }
        flags.forEach((k, v) -> all.put(k.trim(), v));
        return of(all);
    }

    /**
     * Settings a program makes (secrets included), checked as {@link #of(Path, Map)} checks them.
     *
     * @throws IllegalArgumentException if a key is reserved or unknown
     */
    public static KafkaClientProperties of(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        for (String key : all.keySet()) {
            String instead = RESERVED.get(key);
            if (instead != null) {
                throw new IllegalArgumentException("Kafka client setting '" + key + "' is set by CreditGrid: "
                        + instead);
            }
            if (!KNOWN.contains(key)) {
                throw new IllegalArgumentException("Unknown Kafka client setting '" + key + "' (not a producer, "
                        + "consumer or admin setting of kafka-clients; see https://kafka.apache.org/documentation/"
                        + "#producerconfigs)");
            }
        }
        return all.isEmpty() ? NONE : new KafkaClientProperties(all);
    }

    /** The {@code kafka.}-prefixed entries of {@code parameters}, prefix removed. */
    public static Map<String, String> flags(Map<String, String> parameters) {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> {
            if (k.startsWith(FLAG_PREFIX)) {
                out.put(k.substring(FLAG_PREFIX.length()), v);
            }
        });
        return out;
    }

    /** Whether {@code key}'s value is a secret: a password-typed Kafka setting, or a name that says so. */
    public static boolean secret(String key) {
        for (ConfigDef def : new ConfigDef[] {
                ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef()}) {
            ConfigDef.ConfigKey k = def.configKeys().get(key);
            if (k != null && k.type == ConfigDef.Type.PASSWORD) {
                return true;
            }
        }
        return SECRET_NAME.matcher(key).matches();
    }

    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** Adds every setting to {@code client} (a producer's, consumer's or admin client's configuration). */
    public Properties applyTo(Properties client) {
        client.putAll(settings);
        return client;
    }

    /** A new client configuration: {@code bootstrap.servers} and every setting. */
    public Properties with(String bootstrapServers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        return applyTo(p);
    }

    /** The settings as shown to people (job parameters, logs): secrets replaced by {@value #HIDDEN}. */
    public Map<String, String> shown() {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, secret(k) ? HIDDEN : v));
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return shown().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaClientProperties other && settings.equals(other.settings);
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    private static Map<String, String> reserved() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bootstrap.servers", "use --bootstrap-servers");
        m.put("group.id", "use --group-id");
        m.put("transaction.timeout.ms", "use --transaction-timeout");
        m.put("transactional.id", "the sinks derive it from --transactional-id-prefix");
        m.put("isolation.level", "the job reads committed data only (read_committed)");
        m.put("enable.idempotence", "exactly-once sinks need it on");
        m.put("enable.auto.commit", "offsets commit on checkpoints");
        m.put("auto.offset.reset", "a fresh start reads each input from its beginning");
        m.put("client.id", "the job names each client after its input or output");
        m.put("key.serializer", "records are Avro single-object encoded bytes");
        m.put("value.serializer", "records are Avro single-object encoded bytes");
        m.put("key.deserializer", "records are Avro single-object encoded bytes");
        m.put("value.deserializer", "records are Avro single-object encoded bytes");
        return Collections.unmodifiableMap(m);
    }

    private static Set<String> known() {
        Set<String> s = new TreeSet<>();
        s.addAll(ProducerConfig.configNames());
        s.addAll(ConsumerConfig.configNames());
        s.addAll(AdminClientConfig.configNames());
        return Collections.unmodifiableSet(s);
    }
}
