package org.creditgrid.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.supervision.PoolRules;

/**
 * Every setting of the job, typed, with its default. Flags (all optional):
 *
 * <pre>
 * --bootstrap-servers HOST:PORT      Kafka brokers                                   localhost:9092
 * --kafka-properties FILE            Kafka client settings of every source and sink  none
 *                                    (security.protocol, sasl.*, ssl.*; a Java
 *                                    properties file: where secrets belong)
 * --kafka.KEY VALUE                  one Kafka client setting, over the file's        none
 * --group-id ID                      consumer group of the sources (offsets commit    creditgrid
 *                                    on checkpoints; they are for monitoring only)
 * --transactional-id-prefix P        prefix of the sinks' transactional ids; one      creditgrid
 *                                    sink = P-OUTPUT (must be unique per job)
 * --transaction-naming N             incrementing: a new transactional id per         incrementing
 *                                    checkpoint; pooling: a few reused ids (the
 *                                    connector leaks an admin client per sink
 *                                    subtask start with it: see KafkaIO)
 * --transaction-timeout DURATION     Kafka transaction timeout (below the broker's    10 min
 *                                    transaction.max.timeout.ms, 15 min by default)
 * --checkpoint-interval DURATION     exactly-once commit interval                     10 s
 * --checkpoint-dir URI               where checkpoints go (file:///..., s3://...)     the cluster's setting
 * --parallelism N                    job parallelism, 0 = the cluster's default       0
 * --max-parallelism N                key groups: the most subtasks the keyed state    0 (Flink's: 128
 *                                    can ever be rescaled to; fixed by the first       up to parallelism
 *                                    run, a savepoint never restores under another     85)
 *                                    (docs/reliability.md: 128 for a city, 4096 for
 *                                    the country)
 * --max-out-of-orderness DURATION    watermark lag behind the newest event time       5 min
 * --source-idleness DURATION         a partition silent this long stops holding       30 s
 *                                    back the watermark
 * --grid FILE|classpath:RES          grid of supervision units (GeoJSON)              the 11 Guangzhou districts
 * --risk-rules FILE|classpath:RES    risk rules (JSON, versioned)                     rules/risk-rules.json
 * --pool-rules FILE|classpath:RES    pool rules (JSON, versioned)                     rules/pool-rules.json
 * --job-name NAME                    name shown in the Flink UI                        CreditGrid
 * --max-pending N                    events held for an enterprise not yet registered 100
 * --pending-timeout DURATION         ... and for how long (event time); then they     7 d
 *                                    are dead-lettered as UNKNOWN_ENTERPRISE
 * --deregistered-retention DURATION  state of a deregistered enterprise is kept this  180 d
 *                                    long, then deleted with a profile tombstone
 * --claim-rules FILE|classpath:RES   claim rules (JSON, versioned)                    rules/claim-rules.json
 * --sub-libraries FILE|classpath:RES inspection-object sub-libraries (JSON)          rules/sub-libraries.json
 * --topic.registrations, --topic.events, --topic.standard-addresses, --topic.claim-history,
 * --topic.claim-responses, --topic.plans, --topic.grid-units, --topic.inspectors, --topic.profiles,
 * --topic.triggers, --topic.tasks, --topic.claims, --topic.dead-letters, --topic.risk-rules,
 * --topic.rules-impact, --topic.rules-audit   topic names (see {@link Topics})
 * </pre>
 * Durations use Flink's syntax: {@code 10 s}, {@code 500 ms}, {@code 5 min}.
 */
public record CreditGridConfig(
        String bootstrapServers,
        KafkaClientProperties kafkaClient,
        Topics topics,
        String groupId,
        String transactionalIdPrefix,
        boolean pooledTransactionalIds,
        Duration transactionTimeout,
        Duration checkpointInterval,
        String checkpointDir,
        int parallelism,
        int maxParallelism,
        Duration maxOutOfOrderness,
        Duration sourceIdleness,
        String gridLocation,
        String riskRulesLocation,
        String poolRulesLocation,
        String claimRulesLocation,
        String subLibrariesLocation,
        String jobName,
        int maxPending,
        Duration pendingTimeout,
        Duration deregisteredRetention) {

    public static CreditGridConfig defaults() {
        return new CreditGridConfig("localhost:9092", KafkaClientProperties.none(), Topics.defaults(), "creditgrid", "creditgrid",
                false, Duration.ofMinutes(10), Duration.ofSeconds(10), null, 0, 0, Duration.ofMinutes(5),
                Duration.ofSeconds(30), Grid.DEFAULT_LOCATION, RiskRules.DEFAULT_LOCATION,
                PoolRules.DEFAULT_LOCATION, ClaimRules.DEFAULT_LOCATION,
                org.creditgrid.supervision.SubLibraries.DEFAULT_LOCATION, "CreditGrid", 100, Duration.ofDays(7), Duration.ofDays(180));
    }

    /**
     * The flags of the job's {@code main}: {@code --key value} or {@code --key=value} (Flink's parser knows only the
     * first form).
     *
     * @throws IllegalArgumentException on a malformed flag, a bad value, or Kafka client settings that are refused
     *                                  ({@link KafkaClientProperties#of}); no message quotes an argument's value
     */
    public static CreditGridConfig fromArgs(String[] args) {
        java.util.List<String> split = new java.util.ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 2) {
                split.add(a.substring(0, eq));
                split.add(a.substring(eq + 1));
            } else {
                split.add(a);
            }
        }
        ParameterTool p;
        try {
            p = ParameterTool.fromArgs(split.toArray(String[]::new));
        } catch (RuntimeException e) { // Flink's message lists every argument, secrets included
            throw new IllegalArgumentException("Malformed job flags: each flag is --key value or --key=value");
        }
        return from(p);
    }

    public static CreditGridConfig from(ParameterTool p) {
        CreditGridConfig d = defaults();
        Topics t = d.topics();
        Topics topics = new Topics(
                p.get("topic.registrations", t.registrations()),
                p.get("topic.events", t.events()),
                p.get("topic.standard-addresses", t.standardAddresses()),
                p.get("topic.claim-history", t.claimHistory()),
                p.get("topic.claim-responses", t.claimResponses()),
                p.get("topic.plans", t.plans()),
                p.get("topic.risk-rules", t.riskRules()),
                p.get("topic.grid-units", t.gridUnits()),
                p.get("topic.inspectors", t.inspectors()),
                p.get("topic.profiles", t.profiles()),
                p.get("topic.triggers", t.triggers()),
                p.get("topic.tasks", t.tasks()),
                p.get("topic.claims", t.claims()),
                p.get("topic.dead-letters", t.deadLetters()),
                p.get("topic.rules-impact", t.rulesImpact()),
                p.get("topic.rules-audit", t.rulesAudit()),
                p.get("topic.publications", t.publications()),
                p.get("topic.network", t.network()),
                p.get("topic.unit-stats", t.unitStats()));
        return new CreditGridConfig(
                p.get("bootstrap-servers", d.bootstrapServers()),
                KafkaClientProperties.of(p.has("kafka-properties") ? java.nio.file.Path.of(p.get("kafka-properties")) : null,
                        KafkaClientProperties.flags(p.toMap())),
                topics,
                p.get("group-id", d.groupId()),
                p.get("transactional-id-prefix", d.transactionalIdPrefix()),
                transactionNaming(p.get("transaction-naming", "incrementing")),
                duration(p, "transaction-timeout", d.transactionTimeout()),
                duration(p, "checkpoint-interval", d.checkpointInterval()),
                p.get("checkpoint-dir", d.checkpointDir()),
                p.getInt("parallelism", d.parallelism()),
                p.getInt("max-parallelism", d.maxParallelism()),
                duration(p, "max-out-of-orderness", d.maxOutOfOrderness()),
                duration(p, "source-idleness", d.sourceIdleness()),
                p.get("grid", d.gridLocation()),
                p.get("risk-rules", d.riskRulesLocation()),
                p.get("pool-rules", d.poolRulesLocation()),
                p.get("claim-rules", d.claimRulesLocation()),
                p.get("sub-libraries", d.subLibrariesLocation()),
                p.get("job-name", d.jobName()),
                p.getInt("max-pending", d.maxPending()),
                duration(p, "pending-timeout", d.pendingTimeout()),
                duration(p, "deregistered-retention", d.deregisteredRetention()));
    }

    private static boolean transactionNaming(String naming) {
        return switch (naming) {
            case "incrementing" -> false;
            case "pooling" -> true;
            default -> throw new IllegalArgumentException("--transaction-naming is incrementing or pooling, not '"
                    + naming + "'");
        };
    }

    /** The sinks reuse a pool of transactional ids (opt-in: see {@link KafkaIO} for the connector's leak). */
    public CreditGridConfig withPooledTransactionalIds(boolean pooled) {
        return new CreditGridConfig(bootstrapServers, kafkaClient, topics, groupId, transactionalIdPrefix, pooled,
                transactionTimeout, checkpointInterval, checkpointDir, parallelism, maxParallelism, maxOutOfOrderness,
                sourceIdleness, gridLocation, riskRulesLocation, poolRulesLocation, claimRulesLocation,
                subLibrariesLocation, jobName, maxPending, pendingTimeout, deregisteredRetention);
    }

    private static Duration duration(ParameterTool p, String key, Duration fallback) {
        String v = p.get(key);
        return v == null ? fallback : org.apache.flink.util.TimeUtils.parseDuration(v);
    }

    public CreditGridConfig withBootstrapServers(String servers) {
        return new CreditGridConfig(servers, kafkaClient, topics, groupId, transactionalIdPrefix, pooledTransactionalIds, transactionTimeout,
                checkpointInterval, checkpointDir, parallelism, maxParallelism, maxOutOfOrderness, sourceIdleness, gridLocation,
                riskRulesLocation, poolRulesLocation, claimRulesLocation, subLibrariesLocation, jobName, maxPending, pendingTimeout, deregisteredRetention);
    }

    public CreditGridConfig withCheckpointing(Duration interval, String dir) {
        return new CreditGridConfig(bootstrapServers, kafkaClient, topics, groupId, transactionalIdPrefix, pooledTransactionalIds, transactionTimeout,
                interval, dir, parallelism, maxParallelism, maxOutOfOrderness, sourceIdleness, gridLocation, riskRulesLocation,
                poolRulesLocation, claimRulesLocation, subLibrariesLocation, jobName, maxPending, pendingTimeout, deregisteredRetention);
    }

    public CreditGridConfig withParallelism(int p) {
        return new CreditGridConfig(bootstrapServers, kafkaClient, topics, groupId, transactionalIdPrefix, pooledTransactionalIds, transactionTimeout,
                checkpointInterval, checkpointDir, p, maxParallelism, maxOutOfOrderness, sourceIdleness, gridLocation,
                riskRulesLocation, poolRulesLocation, claimRulesLocation, subLibrariesLocation, jobName, maxPending, pendingTimeout, deregisteredRetention);
    }

    public CreditGridConfig withSourceIdleness(Duration idleness) {
        return new CreditGridConfig(bootstrapServers, kafkaClient, topics, groupId, transactionalIdPrefix, pooledTransactionalIds, transactionTimeout,
                checkpointInterval, checkpointDir, parallelism, maxParallelism, maxOutOfOrderness, idleness, gridLocation,
                riskRulesLocation, poolRulesLocation, claimRulesLocation, subLibrariesLocation, jobName, maxPending, pendingTimeout, deregisteredRetention);
    }

    public org.creditgrid.supervision.EnterpriseSupervisor.Limits limits() {
        return new org.creditgrid.supervision.EnterpriseSupervisor.Limits(maxPending, pendingTimeout.toMillis(),
                deregisteredRetention.toMillis());
    }

    /**
     * The Flink settings the job relies on: RocksDB with incremental checkpoints and bloom filters, exactly-once checkpointing, no
     * generated uids (a missing {@code .uid()} fails at submission, so savepoints always map), no Kryo fallback.
     */
    public Configuration flinkConfiguration() {
        Configuration c = new Configuration();
        c.setString("state.backend.type", "rocksdb");
        c.setString("execution.checkpointing.incremental", "true");
        // A plan's visit does one point lookup per enterprise: without bloom filters each searches every recent
        // L0 file (PlanBenchmark at 1 million: 21-144 s a plan without, 18-26 s with).
        c.setString("state.backend.rocksdb.use-bloom-filter", "true");
        // ... and with a block cache smaller than the state, a lookup would load the whole index block of an SST
        // file (evicted again by the next lookups); two-level indexes load a 4 KB partition instead.
        c.setString("state.backend.rocksdb.memory.partitioned-index-filters", "true");
        c.setString("execution.checkpointing.interval", checkpointInterval.toMillis() + " ms");
        c.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
        c.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        c.setString("pipeline.auto-generate-uids", "false");
        c.setString("pipeline.generic-types", "false");
        // No function keeps or changes a record after emitting it, so chained operators may hand records on without
        // Flink's defensive deep copy (Avro's GenericData.deepCopy was among the profile's top frames).
        c.setString("pipeline.object-reuse", "true");
        c.setString("pipeline.name", jobName);
        if (checkpointDir != null) {
            c.setString("execution.checkpointing.dir", checkpointDir);
        }
        if (parallelism > 0) {
            c.setString("parallelism.default", Integer.toString(parallelism));
        }
        if (maxParallelism > 0) {
            c.setString("pipeline.max-parallelism", Integer.toString(maxParallelism));
        }
        return c;
    }

    /** A new Kafka client configuration: the brokers and the deployment's client settings (security, ...). */
    public java.util.Properties clientProperties() {
        return kafkaClient.with(bootstrapServers);
    }

    public CreditGridConfig withKafkaClient(KafkaClientProperties client) {
        return new CreditGridConfig(bootstrapServers, client, topics, groupId, transactionalIdPrefix, pooledTransactionalIds, transactionTimeout,
                checkpointInterval, checkpointDir, parallelism, maxParallelism, maxOutOfOrderness, sourceIdleness, gridLocation,
                riskRulesLocation, poolRulesLocation, claimRulesLocation, subLibrariesLocation, jobName, maxPending, pendingTimeout, deregisteredRetention);
    }

    /**
     * Every setting as strings, registered as global job parameters so the web UI shows them; secret Kafka client
     * settings show as {@value KafkaClientProperties#HIDDEN}.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bootstrap-servers", bootstrapServers);
        kafkaClient.shown().forEach((k, v) -> m.put(KafkaClientProperties.FLAG_PREFIX + k, v));
        m.put("group-id", groupId);
        m.put("transactional-id-prefix", transactionalIdPrefix);
        m.put("transaction-naming", pooledTransactionalIds ? "pooling" : "incrementing");
        m.put("transaction-timeout", transactionTimeout.toString());
        m.put("checkpoint-interval", checkpointInterval.toString());
        m.put("checkpoint-dir", String.valueOf(checkpointDir));
        m.put("parallelism", Integer.toString(parallelism));
        m.put("max-parallelism", Integer.toString(maxParallelism));
        m.put("max-out-of-orderness", maxOutOfOrderness.toString());
        m.put("source-idleness", sourceIdleness.toString());
        m.put("grid", gridLocation);
        m.put("risk-rules", riskRulesLocation);
        m.put("pool-rules", poolRulesLocation);
        m.put("claim-rules", claimRulesLocation);
        m.put("sub-libraries", subLibrariesLocation);
        m.put("max-pending", Integer.toString(maxPending));
        m.put("pending-timeout", pendingTimeout.toString());
        m.put("deregistered-retention", deregisteredRetention.toString());
        m.put("topic.registrations", topics.registrations());
        m.put("topic.events", topics.events());
        m.put("topic.standard-addresses", topics.standardAddresses());
        m.put("topic.claim-history", topics.claimHistory());
        m.put("topic.claim-responses", topics.claimResponses());
        m.put("topic.plans", topics.plans());
        m.put("topic.profiles", topics.profiles());
        m.put("topic.triggers", topics.triggers());
        m.put("topic.tasks", topics.tasks());
        m.put("topic.claims", topics.claims());
        m.put("topic.dead-letters", topics.deadLetters());
        m.put("topic.risk-rules", topics.riskRules());
        m.put("topic.grid-units", topics.gridUnits());
        m.put("topic.inspectors", topics.inspectors());
        m.put("topic.rules-impact", topics.rulesImpact());
        m.put("topic.rules-audit", topics.rulesAudit());
        m.put("topic.publications", topics.publications());
        m.put("topic.network", topics.network());
        m.put("topic.unit-stats", topics.unitStats());
        return m;
    }
}
