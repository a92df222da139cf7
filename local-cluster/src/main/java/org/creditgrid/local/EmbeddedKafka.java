package org.creditgrid.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.creditgrid.pipeline.Topics;

/**
 * A real Kafka broker in this JVM: KRaft, one combined broker+controller node, on 127.0.0.1, in a temporary
 * directory deleted on close. The same broker code as a production cluster, not a mock.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .build())
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
        return new EmbeddedKafka(cluster);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(p);
    }

    /** Creates every CreditGrid topic: compacted changelogs where the README says so. */
    public static void createTopics(Admin admin, Topics topics, int partitions) throws Exception {
        admin.createTopics(newTopics(topics, partitions)).all().get();
    }

    /** Creates the topics the broker does not have yet; their names. */
    public static List<String> createMissingTopics(Admin admin, Topics topics, int partitions) throws Exception {
        java.util.Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = newTopics(topics, partitions).stream()
                .filter(t -> !existing.contains(t.name())).toList();
        admin.createTopics(missing).all().get();
        return missing.stream().map(NewTopic::name).toList();
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
        cluster.close();
    }
}
