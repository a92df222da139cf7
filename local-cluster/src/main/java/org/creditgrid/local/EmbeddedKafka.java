package org.creditgrid.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.creditgrid.pipeline.KafkaClientProperties;
import org.creditgrid.pipeline.Topics;

/**
 * A real Kafka broker in this JVM: KRaft, one combined broker+controller node, on 127.0.0.1, in a temporary
 * directory deleted on close. The same broker code as a production cluster, not a mock.
 *
 * <p>With a {@link Security} other than {@code NONE}, clients get a second listener that needs SCRAM-SHA-512
 * credentials over plaintext, mutual TLS with certificates made here by the JDK's {@code keytool}, or both at once;
 * the broker's own listener stays plaintext on the loopback interface, for its controller and its setup.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /**
     * How clients must connect: openly, with SCRAM-SHA-512 credentials ({@code SASL_PLAINTEXT}), over mutual TLS
     * ({@code SSL}), or with SCRAM-SHA-512 credentials over mutual TLS ({@code SASL_SSL}).
     */
    public enum Security {
        NONE("PLAINTEXT"), SCRAM("SASL_PLAINTEXT"), TLS("SSL"), SCRAM_TLS("SASL_SSL");

        /** Kafka's {@code security.protocol} for it. */
        public final String protocol;

        Security(String protocol) {
            this.protocol = protocol;
        }

        public boolean scram() {
            return this == SCRAM || this == SCRAM_TLS;
        }

        public boolean tls() {
            return this == TLS || this == SCRAM_TLS;
        }
    }

    private static final String SECURED = "SECURED";
    /** The user the SCRAM listener knows. */
    public static final String SCRAM_USER = "creditgrid";

    private final KafkaClusterTestKit cluster;
    private final Security security;
    private final Path secrets;
    private final KafkaClientProperties clientSettings;
    private final List<String> passwords;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Security security, Path secrets,
                          KafkaClientProperties clientSettings, List<String> passwords) {
        this.cluster = cluster;
        this.security = security;
        this.secrets = secrets;
        this.clientSettings = clientSettings;
        this.passwords = passwords;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(Security.NONE);
    }

    /**
     * Starts the broker; with SCRAM or TLS it also makes the user or the certificates or both (in a directory readable by
     * this user only, deleted on {@link #close()}).
     */
    public static EmbeddedKafka start(Security security) throws Exception {
        Path secrets = null;
        Map<String, String> listener = new LinkedHashMap<>();
        Map<String, String> client = new LinkedHashMap<>();
        List<String> passwords = new ArrayList<>();
        if (security != Security.NONE) {
            secrets = Files.createTempDirectory("creditgrid-kafka-secrets",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            String password = randomPassword();
            passwords.add(password);
            String prefix = "listener.name." + SECURED.toLowerCase(java.util.Locale.ROOT) + ".";
            client.put("security.protocol", security.protocol);
            if (security.scram()) {
                listener.put(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-512");
                listener.put(prefix + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
                client.put("sasl.mechanism", "SCRAM-SHA-512");
                client.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"" + SCRAM_USER + "\" password=\"" + password + "\";");
            }
            if (security.tls()) {
                String store = security.scram() ? randomPassword() : password; // two secrets to look for
                if (security.scram()) {
                    passwords.add(store);
                }
                Path broker = certificate(secrets, "broker", "CN=localhost", store);
                Path clientCert = certificate(secrets, "client", "CN=creditgrid-client", store);
                listener.put(prefix + "ssl.keystore.type", "PKCS12");
                listener.put(prefix + "ssl.keystore.location", secrets.resolve("broker.p12").toString());
                listener.put(prefix + "ssl.keystore.password", store);
                listener.put(prefix + "ssl.key.password", store);
                listener.put(prefix + "ssl.truststore.type", "PEM");
                listener.put(prefix + "ssl.truststore.location", clientCert.toString());
                listener.put(prefix + "ssl.client.auth", "required");
                client.put("ssl.truststore.type", "PEM");
                client.put("ssl.truststore.location", broker.toString());
                client.put("ssl.keystore.type", "PKCS12");
                client.put("ssl.keystore.location", secrets.resolve("client.p12").toString());
                client.put("ssl.keystore.password", store);
                client.put("ssl.key.password", store);
            }
        }
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build());
        if (security != Security.NONE) {
            builder.setConfigProp("listeners",
                    "EXTERNAL://localhost:0,CONTROLLER://localhost:0," + SECURED + "://localhost:0");
            builder.setConfigProp("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,"
                    + SECURED + ":" + security.protocol);
            listener.forEach(builder::setConfigProp);
        }
        KafkaClusterTestKit cluster = builder
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "2")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "4")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
                .setDeleteOnClose(true)
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        KafkaClientProperties settings = KafkaClientProperties.of(client);
        EmbeddedKafka kafka = new EmbeddedKafka(cluster, security, secrets, settings, List.copyOf(passwords));
        if (security.scram()) {
            kafka.addScramUser(passwords.get(0));
        }
        if (secrets != null) {
            Path file = secrets.resolve("kafka-client.properties");
            Properties p = settings.applyTo(new Properties());
            try (var out = Files.newBufferedWriter(file)) {
                p.store(out, "Kafka client settings of the embedded broker's " + security + " listener");
            }
        }
        return kafka;
    }

    /** Where clients connect: the secured listener when there is one. */
    public String bootstrapServers() {
        if (security == Security.NONE) {
            return cluster.bootstrapServers();
        }
        return "localhost:" + cluster.brokers().values().iterator().next().boundPort(new ListenerName(SECURED));
    }

    /** The client settings the listener needs (none, SCRAM credentials, or the TLS key and trust stores). */
    public KafkaClientProperties clientSettings() {
        return clientSettings;
    }

    /** A new client configuration: {@link #bootstrapServers()} and {@link #clientSettings()}. */
    public Properties client() {
        return clientSettings.with(bootstrapServers());
    }

    /** The client settings as a properties file ({@code --kafka-properties}), or null when the broker is open. */
    public Path clientPropertiesFile() {
        return secrets == null ? null : secrets.resolve("kafka-client.properties");
    }

    public Security security() {
        return security;
    }

    /** The secrets made here, so a test can look for them where they must not be. */
    public List<String> secrets() {
        return passwords;
    }

    /** An admin client on the clients' listener. */
    public Admin admin() {
        return Admin.create(client());
    }

    /** The broker's own plaintext listener: SCRAM users are made through it before any client can log in. */
    private Admin internalAdmin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return Admin.create(p);
    }

    private void addScramUser(String password) throws Exception {
        try (Admin admin = internalAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(SCRAM_USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all().get();
        }
        // The credential reaches the broker through the metadata log: wait until a client logs in with it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Properties p = client();
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster().clusterId().get();
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the SCRAM user was not accepted in 30 s", e);
                }
                Thread.sleep(200);
            }
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A self-signed RSA key pair in {@code NAME.p12} (PKCS #12, {@code password}) and its certificate in
     * {@code NAME.pem}, valid for localhost and 127.0.0.1 for 30 days; made by the JDK's keytool. Returns the PEM.
     */
    private static Path certificate(Path dir, String name, String dn, String password)
            throws IOException, InterruptedException {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        run(keytool, "-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", dn, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass:env", "CREDITGRID_STOREPASS", "-keypass:env",
                "CREDITGRID_STOREPASS", "-noprompt", password);
        run(keytool, "-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(),
                "-storepass:env", "CREDITGRID_STOREPASS", "-file", pem.toString(), password);
        return pem;
    }

    /** Runs keytool with the password in its environment (not on a command line others can list). */
    private static void run(String... commandThenPassword) throws IOException, InterruptedException {
        String[] command = java.util.Arrays.copyOf(commandThenPassword, commandThenPassword.length - 1);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("CREDITGRID_STOREPASS", commandThenPassword[commandThenPassword.length - 1]);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    /** Creates every CreditGrid topic: compacted changelogs where the README says so. */
    public static void createTopics(Admin admin, Topics topics, int partitions) throws Exception {
        List<NewTopic> all = newTopics(topics, partitions);
        admin.createTopics(all).all().get();
        awaitLeaders(admin, all);
    }

    /** Creates the topics the broker does not have yet; their names. */
    public static List<String> createMissingTopics(Admin admin, Topics topics, int partitions) throws Exception {
        java.util.Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = newTopics(topics, partitions).stream()
                .filter(t -> !existing.contains(t.name())).toList();
        admin.createTopics(missing).all().get();
        awaitLeaders(admin, missing);
        return missing.stream().map(NewTopic::name).toList();
    }

    /**
     * Has the broker create its transaction log ({@code __transaction_state}) now: a broker creates it on its first
     * transactional client, and the job's exactly-once sinks would otherwise wait for it at the job's first start
     * (about 10 s of it on the local cluster's fresh broker, its 50 partitions created one by one). One
     * {@code initTransactions} of a transactional id of its own, {@code transactionalId}, which the broker expires
     * like any other.
     */
    public static void createTransactionLog(Properties client, String transactionalId) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(p,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.initTransactions();
        }
    }

    /**
     * Waits until the leader of every partition of {@code created} serves it. A created topic's leader is in the
     * metadata clients see before the broker has made the partition; an idempotent producer writing in between
     * gets {@code NOT_LEADER_OR_FOLLOWER}, then {@code OUT_OF_ORDER_SEQUENCE_NUMBER} on its retries until its
     * delivery timeout. A list-offsets request is answered by a serving leader only; after 60 s its error is thrown.
     */
    public static void awaitLeaders(Admin admin, List<NewTopic> created) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                new LinkedHashMap<>();
        for (NewTopic t : created) {
            for (int p = 0; p < t.numPartitions(); p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(t.name(), p),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                admin.listOffsets(latest, new org.apache.kafka.clients.admin.ListOffsetsOptions().timeoutMs(10_000))
                        .all().get();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                // An admin whose metadata does not have the topic yet fails at once (unknown topic): ask again.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static List<NewTopic> newTopics(Topics topics, int partitions) {
        List<NewTopic> all = new ArrayList<>();
        for (String t : topics.inputs()) {
            all.add(topic(t, topics.control().contains(t) ? 1 : partitions, topics.compacted().contains(t)));
        }
        for (String t : topics.outputs()) {
            all.add(topic(t, partitions, topics.compacted().contains(t)));
        }
        for (String t : topics.internal()) {
            all.add(topic(t, partitions, false));
        }
        return all;
    }

    /**
     * Record timestamps are event times, and the synthetic city lives in a past year: with the default 7-day
     * retention the broker would delete its records on arrival. Local topics therefore keep everything.
     */
    private static NewTopic topic(String name, int partitions, boolean compacted) {
        return new NewTopic(name, partitions, (short) 1)
                .configs(Map.of("cleanup.policy", compacted ? "compact" : "delete", "retention.ms", "-1"));
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.close();
        } finally {
            if (secrets != null) {
                org.apache.flink.util.FileUtils.deleteDirectoryQuietly(secrets.toFile());
            }
        }
    }
}
