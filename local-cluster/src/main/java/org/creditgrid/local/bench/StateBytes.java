package org.creditgrid.local.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.ClaimRules;
import org.creditgrid.claim.Grid;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.generate.RecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.ClaimHistory;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.supervision.EnterpriseSupervisor;
import org.creditgrid.supervision.PoolRules;
import org.creditgrid.supervision.SubLibraries;

/**
 * Where the enterprise state's bytes are, by field: the synthetic city's registrations, events and historical claims
 * applied in time order through the plain-Java {@link EnterpriseSupervisor} (no Flink, no Kafka), then each final
 * state's Avro binary size and, per field, how many bytes it shrinks by when that field is reset to its default.
 *
 * <p>An approximation of the job's state, for deciding what to split: the claim is the claim model's from the
 * registration's coordinates (no standard addresses), no group counts arrive, no plan is drawn (inspections and visits
 * stay empty, as in {@code bench pipeline}), and the sampling view is not counted. Averages are over the enterprises
 * with a profile.
 */
final class StateBytes {

    private record Input(long time, String key, SpecificRecord record) {}

    private final PrintStream out;

    StateBytes(PrintStream out) {
        this.out = out;
    }

    void run(int entities, long seed, int year) throws IOException {
        Topics topics = Topics.defaults();
        Grid grid = Grid.load(Grid.DEFAULT_LOCATION);
        List<Input> inputs = new ArrayList<>();
        RecordSink collect = new RecordSink() {
            @Override
            public void send(String topic, byte[] key, byte[] value, long timestamp) {
                try {
                    String k = new String(key, java.nio.charset.StandardCharsets.UTF_8);
                    if (topic.equals(topics.registrations())) {
                        inputs.add(new Input(timestamp, k, EnterpriseRegistration.getDecoder().decode(value)));
                    } else if (topic.equals(topics.events())) {
                        inputs.add(new Input(timestamp, k, EnforcementEvent.getDecoder().decode(value)));
                    } else if (topic.equals(topics.claimHistory())) {
                        inputs.add(new Input(timestamp, k, ClaimHistory.getDecoder().decode(value)));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public void close() {}
        };
        new SyntheticCity(new SyntheticCity.Settings(entities, seed, year, 0, topics), grid).generate(collect, n -> { });
        inputs.sort(Comparator.comparingLong(Input::time));

        EnterpriseSupervisor supervisor = new EnterpriseSupervisor(
                new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION)), PoolRules.load(PoolRules.DEFAULT_LOCATION),
                ClaimRules.load(ClaimRules.DEFAULT_LOCATION), SubLibraries.load(SubLibraries.DEFAULT_LOCATION),
                EnterpriseSupervisor.Limits.defaults());
        ClaimModel claims = new ClaimModel(grid);
        Map<String, EnterpriseState> states = new HashMap<>();
        for (Input in : inputs) {
            EnterpriseInput.Builder b = EnterpriseInput.newBuilder();
            if (in.record() instanceof EnterpriseRegistration r) {
                b.setRegistration(r).setClaim(claims.claim(r));
            } else if (in.record() instanceof ClaimHistory h) {
                Claim c = claims.byUnit(ClaimMethod.HISTORY, h.getUnitId(), "historical claim " + h.getRecordId())
                        .orElse(null);
                if (c == null) {
                    continue; // the job dead-letters a unit the grid does not know
                }
                c.setSince(h.getClaimedAt());
                b.setHistory(h).setClaim(c);
            } else {
                b.setEvent((EnforcementEvent) in.record());
            }
            supervisor.apply(states.computeIfAbsent(in.key(), k -> EnterpriseSupervisor.emptyState()), b.build());
        }
        report(states.values(), inputs.size());
    }

    private void report(Iterable<EnterpriseState> states, int inputCount) {
        AvroCodec<EnterpriseState> codec = AvroCodec.of(EnterpriseState.class);
        Schema schema = EnterpriseState.getClassSchema();
        long[] perField = new long[schema.getFields().size()];
        long total = 0;
        long n = 0;
        for (EnterpriseState s : states) {
            if (s.getPublished() == null) {
                continue;
            }
            n++;
            int full = codec.encode(s).length;
            total += full;
            for (Schema.Field f : schema.getFields()) {
                EnterpriseState without = SpecificData.get().deepCopy(schema, s);
                without.put(f.pos(), empty(f));
                perField[f.pos()] += full - codec.encode(without).length;
            }
        }
        out.printf(Locale.ROOT, "%,d input records applied; %,d enterprises with a profile; enterprise state %.0f bytes "
                + "on average (Avro binary, without the sampling view)%n", inputCount, n, (double) total / n);
        out.printf(Locale.ROOT, "%-24s %10s %7s%n", "field", "bytes/ent", "share");
        for (Schema.Field f : schema.getFields()) {
            out.printf(Locale.ROOT, "%-24s %10.1f %6.1f%%%n", f.name(), (double) perField[f.pos()] / n,
                    100.0 * perField[f.pos()] / total);
        }
    }

    /** The field's smallest value: null, an empty list, 0 or false. */
    private static Object empty(Schema.Field f) {
        return switch (f.schema().getType()) {
            case ARRAY -> new ArrayList<>();
            case LONG -> 0L;
            case INT -> 0;
            case BOOLEAN -> false;
            default -> null;
        };
    }
}
