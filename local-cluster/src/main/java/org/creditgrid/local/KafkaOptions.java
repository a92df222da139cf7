package org.creditgrid.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.creditgrid.pipeline.KafkaClientProperties;
import picocli.CommandLine.Option;

/**
 * The Kafka connection of a command: the brokers and the client settings a secured cluster needs, the same flags
 * the job takes ({@code --kafka-properties FILE}, {@code --kafka.KEY VALUE}; see {@link KafkaClientProperties}).
 */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092", description = "Kafka (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @picocli.CommandLine.Mixin
    ClientSettings settings = new ClientSettings();

    /** The brokers and every client setting, for a new producer, consumer or admin client. */
    public Properties client() {
        return settings.with(bootstrapServers);
    }

    /** The client settings alone, for a command whose brokers are given otherwise ({@code generate}). */
    public static final class ClientSettings {

        @Option(names = "--kafka-properties", paramLabel = "FILE",
                description = "Kafka client settings (security.protocol, sasl.*, ssl.*) as a Java properties file: where "
                        + "secrets belong.")
        Path propertiesFile;

        @Option(names = "--kafka", paramLabel = "KEY=VALUE",
                description = "One Kafka client setting, over the file's; also written --kafka.KEY=VALUE or "
                        + "--kafka.KEY VALUE. Secrets only in the file.")
        Map<String, String> settings = new LinkedHashMap<>();

        /** {@code bootstrap.servers} and every setting. */
        public Properties with(String bootstrapServers) {
            return KafkaClientProperties.of(propertiesFile, settings).with(bootstrapServers);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Rewrites the job's flag forms {@code --kafka.KEY=VALUE} and {@code --kafka.KEY VALUE} into picocli's
     * {@code --kafka KEY=VALUE}, so a command takes the same flags as the job. {@code cluster submit} hands its
     * flags to the job as they are.
     *
     * @throws IllegalArgumentException if a flag sets a secret (before any parser could echo it)
     */
    public static String[] rewrite(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String key = args[i].startsWith("--" + KafkaClientProperties.FLAG_PREFIX)
                    ? args[i].substring(2 + KafkaClientProperties.FLAG_PREFIX.length())
                    : args[i].equals("--kafka") && i + 1 < args.length ? args[i + 1] : null;
            if (key != null) {
                KafkaClientProperties.of(null, Map.of(key.split("=", 2)[0], ""));
            }
        }
        if (args.length >= 2 && args[0].equals("cluster") && args[1].equals("submit")) {
            return args;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--" + KafkaClientProperties.FLAG_PREFIX)) {
                String rest = a.substring(2 + KafkaClientProperties.FLAG_PREFIX.length());
                out.add("--kafka");
                if (rest.contains("=")) {
                    out.add(rest);
                } else if (i + 1 < args.length) {
                    out.add(rest + "=" + args[++i]);
                } else {
                    out.add(rest);
                }
            } else {
                out.add(a);
            }
        }
        return out.toArray(String[]::new);
    }
}
