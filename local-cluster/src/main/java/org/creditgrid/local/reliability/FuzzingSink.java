package org.creditgrid.local.reliability;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.creditgrid.local.generate.RecordSink;

/**
 * Sends every valid record on, and after each, with probability {@code share}, a mutant of it (and of every record
 * of a topic until it has one, so the total may pass {@code target} by a few) (same topic, key and
 * timestamp, so event time never moves) that the job must reject; mutants the job would accept are discarded, never
 * sent. Remembers what it sent by content, so each dead letter can be matched to exactly one mutant.
 */
final class FuzzingSink implements RecordSink {

    private final RecordSink out;
    private final Mutations mutations;
    private final SplittableRandom random;
    private final double share;
    private final long target;
    /** Mutants sent, by SHA-256 of their bytes: how many of each (two mutants may coincide). */
    private final Map<ByteBuffer, Integer> sent = new HashMap<>();
    private final Map<Mutations.Kind, Long> sentByKind = new EnumMap<>(Mutations.Kind.class);
    private final Map<Mutations.Kind, Long> discardedByKind = new EnumMap<>(Mutations.Kind.class);
    private final Map<String, Long> sentByTopic = new HashMap<>();
    private final Map<String, Long> expectedReasons = new HashMap<>();
    /** A few valid records of each topic, to top up with if the stream ends before the target. */
    private final Map<String, List<Sample>> samples = new java.util.TreeMap<>();

    private record Sample(String topic, byte[] key, byte[] value, long timestamp) {}
    private long valid;
    private long malformed;

    FuzzingSink(RecordSink out, Mutations mutations, long seed, double share, long target) {
        this.out = out;
        this.mutations = mutations;
        this.random = new SplittableRandom(seed);
        this.share = share;
        this.target = target;
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestamp) {
        out.send(topic, key, value, timestamp);
        valid++;
        if (!mutations.covers(topic)) {
            return;
        }
        List<Sample> kept = samples.computeIfAbsent(topic, t -> new ArrayList<>());
        if (kept.size() < 200) {
            kept.add(new Sample(topic, key, value, timestamp));
        } else if (random.nextInt(50) == 0) {
            kept.set(random.nextInt(kept.size()), new Sample(topic, key, value, timestamp));
        }
        boolean first = !sentByTopic.containsKey(topic);
        if (first || malformed < target && random.nextDouble() < share) {
            // Until each topic has a mutant, each record of it is tried: a topic of two records (the plans) too.
            mutant(topic, key, value, timestamp);
        }
    }

    /**
     * Sends mutants of the kept samples until the target is reached, or 10,000 tries in a row gave none. Their
     * timestamps are their samples', so they fall within the stream's event time.
     */
    void topUp() {
        List<Sample> all = samples.values().stream().flatMap(List::stream).toList();
        int misses = 0;
        while (malformed < target && !all.isEmpty() && misses < 10_000) {
            Sample s = all.get(random.nextInt(all.size()));
            misses = mutant(s.topic(), s.key(), s.value(), s.timestamp()) ? 0 : misses + 1;
        }
    }

    private boolean mutant(String topic, byte[] key, byte[] value, long timestamp) {
        List<Mutations.Kind> kinds = mutations.kinds(topic);
        Mutations.Kind kind = kinds.get(random.nextInt(kinds.size()));
        var m = mutations.mutate(topic, value, kind, random);
        if (m.isEmpty()) {
            return false;
        }
        var reason = mutations.rejection(topic, m.get().value());
        if (reason.isEmpty()) {
            discardedByKind.merge(kind, 1L, Long::sum);
            return false;
        }
        out.send(topic, key, m.get().value(), timestamp);
        sent.merge(digest(m.get().value()), 1, Integer::sum);
        sentByKind.merge(kind, 1L, Long::sum);
        sentByTopic.merge(topic, 1L, Long::sum);
        expectedReasons.merge(reason.get(), 1L, Long::sum);
        malformed++;
        return true;
    }

    static ByteBuffer digest(byte[] bytes) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        out.close();
    }

    long valid() {
        return valid;
    }

    long malformed() {
        return malformed;
    }

    Map<ByteBuffer, Integer> sent() {
        return sent;
    }

    Map<Mutations.Kind, Long> sentByKind() {
        return sentByKind;
    }

    Map<Mutations.Kind, Long> discardedByKind() {
        return discardedByKind;
    }

    Map<String, Long> sentByTopic() {
        return sentByTopic;
    }

    Map<String, Long> expectedReasons() {
        return expectedReasons;
    }
}
