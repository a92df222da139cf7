package org.creditgrid.io;

import java.util.Optional;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.creditgrid.internal.RawRecord;
import org.creditgrid.metrics.LabelledCounters;
import org.creditgrid.schema.DeadLetter;

/**
 * Turns raw Kafka bytes into a typed, validated input record. Anything that cannot be decoded or fails validation
 * goes to the {@link #DEAD_LETTERS} side output with its topic, partition, offset, the reason and the raw bytes; the
 * job never fails on input.
 */
public class DecodeAndValidate<T extends SpecificRecord> extends ProcessFunction<RawRecord, T> {

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    private final AvroCodec<T> codec;
    private final Validator<T> validator;
    private final LabelledCounters.Labels labels;
    private transient Counter rejected;
    private transient LabelledCounters counters;
    /** {@code records_in} of the topic last seen: an instance reads one topic, so this is the one lookup. */
    private transient String recordsInTopic;
    private transient Counter recordsIn;

    public DecodeAndValidate(Class<T> type, Validator<T> validator) {
        this(type, validator, LabelledCounters.Labels.none());
    }

    /** @param labels the job's topics, which the {@code records_in} counter's {@code topic} label may name */
    public DecodeAndValidate(Class<T> type, Validator<T> validator, LabelledCounters.Labels labels) {
        this.codec = AvroCodec.of(type);
        this.validator = validator;
        this.labels = labels;
    }

    @Override
    public void open(OpenContext openContext) {
        rejected = getRuntimeContext().getMetricGroup().counter("deadLetters");
        counters = new LabelledCounters(getRuntimeContext().getMetricGroup(), labels);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        if (!raw.getTopic().equals(recordsInTopic)) {
            recordsInTopic = raw.getTopic();
            recordsIn = counters.counter("records_in", "topic", recordsInTopic);
        }
        recordsIn.inc();
        Optional<Rejection> rejection;
        T record = null;
        if (raw.getValue() == null) {
            rejection = Optional.of(new Rejection(Rejection.UNDECODABLE, "null value (a tombstone is not an input)"));
        } else {
            try {
                record = codec.decode(AvroCodec.toArray(raw.getValue()));
                rejection = validator.check(record);
            } catch (MissingSchemaException e) {
                rejection = Optional.of(new Rejection(Rejection.UNKNOWN_SCHEMA, String.valueOf(e.getMessage())));
            } catch (BadHeaderException e) {
                rejection = Optional.of(new Rejection(Rejection.UNDECODABLE,
                        "not an Avro single-object message: " + e.getMessage()));
            } catch (Exception | StackOverflowError | OutOfMemoryError e) {
                // Truncated bodies, hostile lengths, trailing bytes, bad unions: all surface here. BinaryBounds keeps
                // Avro from allocating what the record cannot hold; the two Errors are caught all the same, as one
                // record's failed allocation or recursion leaves the JVM sound and must not restart the job.
                rejection = Optional.of(new Rejection(Rejection.UNDECODABLE, describe(e)));
            }
        }
        if (rejection.isPresent()) {
            rejected.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.newBuilder()
                    .setSourceTopic(raw.getTopic())
                    .setPartition(raw.getPartition())
                    .setOffset(raw.getOffset())
                    .setRecordTimestamp(raw.getTimestamp())
                    .setReason(rejection.get().reason())
                    .setDetail(codec.type().getSimpleName() + ": " + rejection.get().detail())
                    .setRawKey(raw.getKey())
                    .setRawValue(raw.getValue())
                    .build());
        } else {
            out.collect(record);
        }
    }

    private static String describe(Throwable e) {
        String kind = e instanceof AvroRuntimeException ? "Avro" : e.getClass().getSimpleName();
        return kind + ": " + e.getMessage();
    }
}
