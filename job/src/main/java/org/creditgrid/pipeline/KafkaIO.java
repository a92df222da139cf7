package org.creditgrid.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.creditgrid.internal.Membership;
import org.creditgrid.internal.RawRecord;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.io.KeyedAvroSerializer;
import org.creditgrid.io.RawRecordDeserializer;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.RulesAudit;
import org.creditgrid.schema.RulesImpact;
import org.creditgrid.schema.UnitStatistics;
import org.apache.avro.specific.SpecificRecord;

/**
 * The real inputs and outputs: Kafka sources reading committed data only, and exactly-once Kafka sinks, one
 * transactional-id prefix per sink, with a transaction timeout below the broker's maximum. Every client gets the
 * deployment's client settings ({@link KafkaClientProperties}: security and the like).
 *
 * <p>Transactional ids: by default each checkpoint of each sink subtask uses a new one (the connector's
 * {@link TransactionNamingStrategy#INCREMENTING}), and the broker keeps every id it has seen for
 * {@code transactional.id.expiration.ms} (7 days by default): some 190,000 a day for 11 sinks at parallelism 2 and a
 * 10 s interval. {@code --transaction-naming pooling} reuses a few ids per sink subtask instead
 * ({@link TransactionNamingStrategy#POOLING}, FLINK-34554; docs/reliability.md measured 34 ids after 10,247
 * checkpoints), but connector 5.0.0's {@code ExactlyOnceKafkaWriter} creates an admin client to list open
 * transactions at every writer start and never closes it: each start or restart of the job leaks one per sink
 * subtask (22 at parallelism 2), which spin reconnecting once their broker is gone. Hence opt-in. The pool needs
 * Kafka 3.0+ and, on a secured cluster, the right to describe transactions and read the output topics; switching to
 * it restores from any 4.0+ checkpoint or any savepoint, and the way back is not supported.
 */
public class KafkaIO implements CreditGridPipeline.Inputs, CreditGridPipeline.Outputs {

    private final CreditGridConfig config;

    public KafkaIO(CreditGridConfig config) {
        this.config = config;
    }

    // ------------------------------------------------------------------ inputs

    @Override
    public DataStream<RawRecord> registrations(StreamExecutionEnvironment env) {
        return source(env, config.topics().registrations(), "registrations");
    }

    @Override
    public DataStream<RawRecord> events(StreamExecutionEnvironment env) {
        return source(env, config.topics().events(), "events");
    }

    @Override
    public DataStream<RawRecord> plans(StreamExecutionEnvironment env) {
        return controlSource(env, config.topics().plans(), "plans");
    }

    @Override
    public DataStream<RawRecord> riskRules(StreamExecutionEnvironment env) {
        return controlSource(env, config.topics().riskRules(), "risk-rules");
    }

    /** New grids are commands, like plans and rules versions. */
    @Override
    public DataStream<RawRecord> gridUnits(StreamExecutionEnvironment env) {
        return controlSource(env, config.topics().gridUnits(), "grid-units");
    }

    /** The inspector library is a changelog read like the commands: every instance needs all of it. */
    @Override
    public DataStream<RawRecord> inspectors(StreamExecutionEnvironment env) {
        return controlSource(env, config.topics().inspectors(), "inspectors");
    }

    /**
     * The job's own feedback: group changes carry no event time of their own and never hold the watermark back (the
     * input stays idle for watermark purposes however busy it is), so expiries fire on the data's time alone.
     */
    @Override
    public DataStream<RawRecord> network(StreamExecutionEnvironment env) {
        return source(env, config.topics().network(), "network", neverHoldsTheWatermark());
    }

    /** Reference data, like the feedback: it never holds the watermark back. */
    @Override
    public DataStream<RawRecord> standardAddresses(StreamExecutionEnvironment env) {
        return source(env, config.topics().standardAddresses(), "standard-addresses", neverHoldsTheWatermark());
    }

    /** Reference data: it never holds the watermark back. */
    @Override
    public DataStream<RawRecord> claimHistory(StreamExecutionEnvironment env) {
        return source(env, config.topics().claimHistory(), "claim-history", neverHoldsTheWatermark());
    }

    /**
     * Units answer rarely and at wall-clock time: their answers never hold the watermark back, and the deadlines
     * they set run on the data's event time.
     */
    @Override
    public DataStream<RawRecord> claimResponses(StreamExecutionEnvironment env) {
        return source(env, config.topics().claimResponses(), "claim-responses", neverHoldsTheWatermark());
    }

    private static WatermarkStrategy<RawRecord> neverHoldsTheWatermark() {
        return WatermarkStrategy.<RawRecord>forGenerator(context -> new AlwaysIdle())
                .withTimestampAssigner((r, kafkaTimestamp) -> Long.MIN_VALUE);
    }

    private static final class AlwaysIdle implements WatermarkGenerator<RawRecord> {
        @Override
        public void onEvent(RawRecord event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }

    private DataStream<RawRecord> source(StreamExecutionEnvironment env, String topic, String logicalName) {
        // Producers stamp each record with its event time; idle partitions must not freeze the watermark.
        return source(env, topic, logicalName, WatermarkStrategy
                .<RawRecord>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withIdleness(config.sourceIdleness()));
    }

    /**
     * Plans and rules versions are commands, stamped with wall-clock time: they must never move event time (were the
     * data topics idle, the watermark would jump to today and fire years of expiries at once). Their records get no
     * event time, so their watermark stays at its minimum and the input goes idle after the idleness timeout.
     */
    private DataStream<RawRecord> controlSource(StreamExecutionEnvironment env, String topic, String logicalName) {
        return source(env, topic, logicalName, WatermarkStrategy
                .<RawRecord>forBoundedOutOfOrderness(Duration.ZERO)
                .withTimestampAssigner((r, kafkaTimestamp) -> Long.MIN_VALUE)
                .withIdleness(config.sourceIdleness()));
    }

    private DataStream<RawRecord> source(StreamExecutionEnvironment env, String topic, String logicalName,
                                         WatermarkStrategy<RawRecord> watermarks) {
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setProperties(config.clientProperties())
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(topic)
                .setGroupId(config.groupId())
                // Restores come from Flink's checkpoint or savepoint. A fresh start has no state, so it rebuilds it
                // from the whole history; the group's committed offsets are for monitoring only.
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                .setClientIdPrefix(config.groupId() + "-" + logicalName)
                .build();
        return env.fromSource(source, watermarks, "Kafka " + topic)
                .uid("source-" + logicalName);
    }

    // ----------------------------------------------------------------- outputs

    @Override
    public Sink<EnterpriseProfile> profiles() {
        return sink(config.topics().profiles(), "profiles", EnterpriseProfile.class,
                p -> utf8(p.getCreditCode()));
    }

    @Override
    public Sink<InspectionTrigger> triggers() {
        return sink(config.topics().triggers(), "triggers", InspectionTrigger.class, t -> utf8(t.getCreditCode()));
    }

    @Override
    public Sink<InspectionTask> tasks() {
        return sink(config.topics().tasks(), "tasks", InspectionTask.class, t -> utf8(t.getCreditCode()));
    }

    @Override
    public Sink<ClaimRequest> claims() {
        return sink(config.topics().claims(), "claims", ClaimRequest.class, c -> utf8(c.getCreditCode()));
    }

    @Override
    public Sink<DeadLetter> deadLetters() {
        return sink(config.topics().deadLetters(), "dead-letters", DeadLetter.class,
                d -> d.getRawKey() == null ? null : AvroCodec.toArray(d.getRawKey()));
    }

    @Override
    public Sink<RulesImpact> rulesImpact() {
        return sink(config.topics().rulesImpact(), "rules-impact", RulesImpact.class, r -> utf8(r.getVersion()));
    }

    @Override
    public Sink<RulesAudit> rulesAudit() {
        return sink(config.topics().rulesAudit(), "rules-audit", RulesAudit.class, r -> utf8(r.getVersion()));
    }

    @Override
    public Sink<InspectionPublication> publications() {
        return sink(config.topics().publications(), "publications", InspectionPublication.class,
                p -> utf8(p.getDraw() != null ? p.getDraw().getPlanId() : p.getInspection().getTaskId()));
    }

    @Override
    public Sink<Membership> network() {
        return sink(config.topics().network(), "network", Membership.class, m -> utf8(m.getGroup()));
    }

    @Override
    public Sink<UnitStatistics> unitStatistics() {
        return sink(config.topics().unitStats(), "unit-stats", UnitStatistics.class, u -> utf8(u.getId()));
    }

    @Override
    public Sink<String> profileTombstones() {
        return sink("profile-tombstones", new Tombstones(config.topics().profiles()));
    }

    /** A credit code becomes a tombstone (null value) under its key on the profiles topic. */
    private record Tombstones(String topic) implements KafkaRecordSerializationSchema<String>, KafkaDatasetFacetProvider {
        @Override
        public ProducerRecord<byte[], byte[]> serialize(String code, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<byte[], byte[]>(topic, null, (Long) null, utf8(code), (byte[]) null);
        }

        @Override
        public java.util.Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
            return KeyedAvroSerializer.facet(topic);
        }
    }

    /**
     * An exactly-once sink of single-object Avro records to {@code topic}, keyed by {@code keyOf}, with the
     * transactional-id prefix {@code <prefix>-<logicalName>}: what every output of the job uses (and the benchmark's
     * pass-through job, so both pay the same).
     */
    public <T extends SpecificRecord> Sink<T> sink(String topic, String logicalName, Class<T> type,
                                                   KeyedAvroSerializer.KeyOf<T> keyOf) {
        return sink(logicalName, new KeyedAvroSerializer<>(topic, type, keyOf));
    }

    private <T> Sink<T> sink(String logicalName, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = config.kafkaClient().applyTo(new Properties());
        producer.setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout().toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + logicalName)
                .setTransactionNamingStrategy(config.pooledTransactionalIds()
                        ? TransactionNamingStrategy.POOLING : TransactionNamingStrategy.INCREMENTING)
                .setKafkaProducerConfig(producer)
                .build();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
