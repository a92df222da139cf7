package org.creditgrid.local.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.creditgrid.internal.RawRecord;
import org.creditgrid.io.DecodeAndValidate;
import org.creditgrid.validation.InputValidation;
import org.creditgrid.io.KeyedAvroSerializer;
import org.creditgrid.io.Validator;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.pipeline.KafkaIO;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimResponse;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.GridVersion;
import org.creditgrid.schema.Inspector;
import org.creditgrid.schema.RiskRulesVersion;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.StandardAddress;
import org.creditgrid.supervision.SubLibraries;

/**
 * The stack's ceiling for the benchmark: every input topic of CreditGrid read by the same Kafka sources
 * ({@link KafkaIO}: read_committed, the same watermark strategies), decoded and validated by the same
 * {@link DecodeAndValidate} functions, and written back single-object Avro by the same exactly-once sinks, to
 * {@code <prefix><input topic>}. Nothing is keyed and nothing is stateful beyond the sources and sinks: what is left
 * is the cost of Kafka, Avro and Flink's exactly-once machinery on the same records.
 */
public final class PassThroughJob {

    /** The output topics' prefix: {@code passthrough.enterprise-registrations} and so on. */
    public static final String PREFIX = "passthrough.";

    private PassThroughJob() {}

    public static void define(StreamExecutionEnvironment env, CreditGridConfig config) {
        KafkaIO kafka = new KafkaIO(config);
        Set<String> subLibraries;
        try {
            subLibraries = new HashSet<>(SubLibraries.load(config.subLibrariesLocation()).ids());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var topics = config.topics();
        pass(kafka, kafka.registrations(env), topics.registrations(), "registrations", EnterpriseRegistration.class,
                InputValidation::registration);
        pass(kafka, kafka.events(env), topics.events(), "events", EnforcementEvent.class, InputValidation::event);
        pass(kafka, kafka.standardAddresses(env), topics.standardAddresses(), "standard-addresses",
                StandardAddress.class, InputValidation::standardAddress);
        pass(kafka, kafka.claimHistory(env), topics.claimHistory(), "claim-history", ClaimHistory.class,
                InputValidation::claimHistory);
        pass(kafka, kafka.claimResponses(env), topics.claimResponses(), "claim-responses", ClaimResponse.class,
                InputValidation::claimResponse);
        pass(kafka, kafka.plans(env), topics.plans(), "plans", SamplingPlan.class,
                p -> InputValidation.plan(p, subLibraries));
        pass(kafka, kafka.riskRules(env), topics.riskRules(), "risk-rules", RiskRulesVersion.class,
                InputValidation::rules);
        pass(kafka, kafka.gridUnits(env), topics.gridUnits(), "grid-units", GridVersion.class, InputValidation::grid);
        pass(kafka, kafka.inspectors(env), topics.inspectors(), "inspectors", Inspector.class,
                InputValidation::inspector);
    }

    private static <T extends org.apache.avro.specific.SpecificRecordBase> void pass(KafkaIO kafka, DataStream<RawRecord> raw, String topic,
            String name, Class<T> type, Validator<T> validator) {
        var decoded = raw.process(new DecodeAndValidate<>(type, validator))
                .returns(new AvroTypeInfo<>(type))
                .uid("decode-" + name).name("Decode and validate " + name);
        decoded.sinkTo(kafka.sink(PREFIX + topic, "passthrough-" + name, type, new CreditCodeKey<>()))
                .uid("sink-passthrough-" + name).name("Publish " + name + " (pass-through)");
        decoded.getSideOutput(DecodeAndValidate.DEAD_LETTERS)
                .sinkTo(kafka.sink(PREFIX + "dead-letters", "passthrough-dead-letters-" + name,
                        org.creditgrid.schema.DeadLetter.class, d -> null))
                .uid("sink-passthrough-dead-letters-" + name).name("Publish " + name + " dead letters (pass-through)");
    }

    /** The record's credit code as its key, as CreditGrid keys its outputs; null for records without one. */
    private static final class CreditCodeKey<T extends SpecificRecord> implements KeyedAvroSerializer.KeyOf<T> {
        private transient int position = -2;

        @Override
        public byte[] apply(T record) {
            if (position == -2) {
                Schema.Field f = record.getSchema().getField("creditCode");
                position = f == null ? -1 : f.pos();
            }
            Object code = position < 0 ? null : record.get(position);
            return code == null ? null : code.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The pass-through's output topics, one per input topic, plus its dead letters. */
    public static java.util.List<String> outputs(CreditGridConfig config) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String t : config.topics().inputs()) {
            out.add(PREFIX + t);
        }
        out.add(PREFIX + "dead-letters");
        return out;
    }
}
