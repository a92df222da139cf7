package org.creditgrid.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.creditgrid.internal.Membership;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.DeadLetter;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.GridVersion;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.RulesAudit;
import org.creditgrid.schema.RulesImpact;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.StandardAddress;
import org.creditgrid.schema.UnitStatistics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code creditgrid tail TOPIC [--from-beginning]}: prints the records of any CreditGrid topic as JSON lines, as a
 * read_committed consumer sees them (only what the job published exactly once).
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print the records of a topic as JSON lines (read_committed), decoded with its Avro schema.")
final class TailCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "Topic, e.g. enterprise-profiles.")
    String topic;
    @Option(names = "--from-beginning", description = "Start at the beginning (default: only new records).")
    boolean fromBeginning;
    @picocli.CommandLine.Mixin
    org.creditgrid.local.KafkaOptions kafka;
    @Option(names = "--max", defaultValue = "0", description = "Stop after this many records (0: never).")
    long max;
    @Option(names = "--idle-exit", description = "Stop when nothing new arrives for this long, e.g. 10s (default: never).")
    String idleExit;

    /** The value schema of every topic (default names). */
    static final Map<String, Class<? extends SpecificRecord>> SCHEMAS = schemas(Topics.defaults());

    static Map<String, Class<? extends SpecificRecord>> schemas(Topics t) {
        return Map.ofEntries(Map.entry(t.registrations(), EnterpriseRegistration.class),
                Map.entry(t.events(), EnforcementEvent.class), Map.entry(t.standardAddresses(), StandardAddress.class),
                Map.entry(t.claimHistory(), ClaimHistory.class), Map.entry(t.claimResponses(), ClaimResponse.class),
                Map.entry(t.plans(), SamplingPlan.class), Map.entry(t.riskRules(), RiskRulesVersion.class),
                Map.entry(t.gridUnits(), GridVersion.class), Map.entry(t.inspectors(), Inspector.class),
                Map.entry(t.profiles(), EnterpriseProfile.class),
                Map.entry(t.triggers(), InspectionTrigger.class), Map.entry(t.tasks(), InspectionTask.class),
                Map.entry(t.claims(), ClaimRequest.class), Map.entry(t.deadLetters(), DeadLetter.class),
                Map.entry(t.rulesImpact(), RulesImpact.class), Map.entry(t.rulesAudit(), RulesAudit.class),
                Map.entry(t.publications(), InspectionPublication.class), Map.entry(t.network(), Membership.class),
                Map.entry(t.unitStats(), UnitStatistics.class));
    }

    @Override
    public Integer call() {
        Class<? extends SpecificRecord> type = SCHEMAS.get(topic);
        if (type == null) {
            System.err.println("unknown topic " + topic + "; one of " + new java.util.TreeSet<>(SCHEMAS.keySet()));
            return 2;
        }
        AvroCodec<? extends SpecificRecord> codec = AvroCodec.of(type);
        long idleNanos = idleExit == null ? Long.MAX_VALUE : org.apache.flink.util.TimeUtils.parseDuration(idleExit).toNanos();
        Properties p = kafka.client();
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(15))
                    .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long lastRecord = System.nanoTime();
            while (max == 0 || printed < max) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty() && System.nanoTime() - lastRecord > idleNanos) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    lastRecord = System.nanoTime();
                    System.out.println(line(r, codec));
                    if (++printed == max) {
                        break;
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            System.err.println("Could not read " + topic + " at " + kafka.bootstrapServers() + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** One record as a JSON object: where it is, its key, and its value decoded (Avro's JSON form), or why not. */
    static String line(ConsumerRecord<byte[], byte[]> r, AvroCodec<? extends SpecificRecord> codec) {
        String key = r.key() == null ? "null" : quote(new String(r.key(), StandardCharsets.UTF_8));
        String value;
        if (r.value() == null) {
            value = "null"; // a tombstone
        } else {
            try {
                value = codec.decode(r.value()).toString();
            } catch (Exception e) {
                value = "{\"undecodable\": " + quote(Base64.getEncoder().encodeToString(r.value())) + "}";
            }
        }
        return "{\"partition\": " + r.partition() + ", \"offset\": " + r.offset() + ", \"key\": " + key
                + ", \"value\": " + value + "}";
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
