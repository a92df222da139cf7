package org.creditgrid.local.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.CommittedReader;
import org.creditgrid.local.Summary;
import org.creditgrid.schema.EnterpriseProfile;

/**
 * Two runs of CreditGrid on the same pre-loaded inputs, compared record for record as a read_committed consumer sees
 * them: per output topic the records only one run published (a multiset difference over 64-bit hashes of key and
 * value), and for the profile changelog the enterprises whose final profile differs in what a consumer reads (class,
 * score, reasons, pool, unit…: everything but the version number, its time and the class before) and those whose
 * final version number differs. What differs comes from the order in which records of one enterprise that travel
 * different paths meet (its registration and its address group's count; several input partitions), and from the
 * job's one feedback loop through Kafka (legal-representative news comes back after a checkpoint, at a moment no
 * input fixes): both can change how many intermediate profile versions are published and the class a trigger
 * carries.
 *
 * @param topics per output topic of the first run, in order
 * @param profileKeys enterprises with a profile in either run
 * @param finalProfilesDiffer enterprises whose last profile differs in content (or exists in one run only)
 * @param finalVersionsDiffer enterprises whose last profile has another version number
 * @param examples up to {@link #EXAMPLES} enterprises whose final profile differs in content, each as
 *                 "credit code: what differs (first run / replay)"
 */
public record Replay(List<TopicDiff> topics, long profileKeys, long finalProfilesDiffer, long finalVersionsDiffer,
                     List<String> examples) {

    /** How many differing final profiles are described field by field. */
    public static final int EXAMPLES = 8;

    /** Records of one topic in each run, and those only one of them has (counted with multiplicity). */
    public record TopicDiff(String topic, long first, long second, long onlyFirst, long onlySecond) {}

    /**
     * Compares {@code first} and {@code second} topic by topic (same positions), each run's records appended no later
     * than its cutoff (epoch ms); {@code firstProfiles}/{@code secondProfiles} are the profile changelogs.
     */
    public static Replay compare(String bootstrapServers, List<String> first, long firstUntil, List<String> second,
                                 long secondUntil, String firstProfiles, String secondProfiles) {
        List<TopicDiff> diffs = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            long[] a = hashes(bootstrapServers, first.get(i), firstUntil);
            long[] b = hashes(bootstrapServers, second.get(i), secondUntil);
            long common = common(a, b);
            diffs.add(new TopicDiff(first.get(i), a.length, b.length, a.length - common, b.length - common));
        }
        Map<Long, long[]> lastA = lastPerKey(bootstrapServers, firstProfiles, firstUntil);
        Map<Long, long[]> lastB = lastPerKey(bootstrapServers, secondProfiles, secondUntil);
        java.util.Set<Long> keys = new java.util.HashSet<>(lastA.keySet());
        keys.addAll(lastB.keySet());
        long content = 0;
        long versions = 0;
        java.util.Set<Long> described = new java.util.HashSet<>();
        for (Long k : keys) {
            long[] a = lastA.get(k);
            long[] b = lastB.get(k);
            if (a == null || b == null || a[0] != b[0]) {
                content++;
                if (described.size() < EXAMPLES) {
                    described.add(k);
                }
            }
            if (a == null || b == null || a[1] != b[1]) {
                versions++;
            }
        }
        Map<Long, EnterpriseProfile> finalA = finalProfiles(bootstrapServers, firstProfiles, firstUntil, described);
        Map<Long, EnterpriseProfile> finalB = finalProfiles(bootstrapServers, secondProfiles, secondUntil, described);
        List<String> examples = new ArrayList<>();
        for (Long k : described) {
            examples.add(describe(finalA.get(k), finalB.get(k)));
        }
        examples.sort(null);
        return new Replay(diffs, keys.size(), content, versions, examples);
    }

    /** The last profile of each of {@code keys} (key hashes), null for a tombstone. */
    private static Map<Long, EnterpriseProfile> finalProfiles(String bootstrapServers, String topic, long until,
                                                              java.util.Set<Long> keys) {
        AvroCodec<EnterpriseProfile> codec = AvroCodec.of(EnterpriseProfile.class);
        Map<Long, EnterpriseProfile> last = new HashMap<>();
        CommittedReader.readAll(org.creditgrid.pipeline.KafkaClientProperties.none().with(bootstrapServers), topic, r -> {
            long k = r.key() == null ? 0 : hash(r.key(), null);
            if (r.timestamp() <= until && keys.contains(k)) {
                last.put(k, r.value() == null ? null : Summary.decode(codec, r.value()));
            }
        });
        return last;
    }

    /** What differs between two final profiles of one enterprise, field by field. */
    static String describe(EnterpriseProfile a, EnterpriseProfile b) {
        if (a == null && b == null) {
            return "(an enterprise with no final profile in either run: a tombstone, or absent)";
        }
        if (a == null || b == null) {
            return (a == null ? b : a).getCreditCode() + ": a profile in one run only (a tombstone or none in the other)";
        }
        List<String> d = new ArrayList<>();
        field(d, "class", a.getRiskClass(), b.getRiskClass());
        field(d, "score", a.getScore(), b.getScore());
        field(d, "pool", a.getPool(), b.getPool());
        field(d, "unit", a.getUnitId(), b.getUnitId());
        field(d, "claim", a.getClaimMethod(), b.getClaimMethod());
        java.util.Set<String> ra = new java.util.TreeSet<>();
        java.util.Set<String> rb = new java.util.TreeSet<>();
        a.getReasons().forEach(x -> ra.add(x.getIndicator() + " " + x.getPoints() + " (" + x.getDetail() + ")"));
        b.getReasons().forEach(x -> rb.add(x.getIndicator() + " " + x.getPoints() + " (" + x.getDetail() + ")"));
        java.util.Set<String> onlyA = new java.util.TreeSet<>(ra);
        onlyA.removeAll(rb);
        rb.removeAll(ra);
        if (!onlyA.isEmpty() || !rb.isEmpty()) {
            d.add("reasons " + onlyA + " / " + rb);
        }
        if (d.isEmpty()) {
            d.add("other fields (sub-libraries, validity, name...)");
        }
        return a.getCreditCode() + ": " + String.join("; ", d);
    }

    private static void field(List<String> out, String name, Object a, Object b) {
        if (!java.util.Objects.equals(a, b)) {
            out.add(name + " " + a + " / " + b);
        }
    }

    /** Sorted 64-bit hashes of every committed record's key and value. */
    private static long[] hashes(String bootstrapServers, String topic, long until) {
        long[][] out = {new long[1 << 16]};
        int[] n = {0};
        CommittedReader.readAll(org.creditgrid.pipeline.KafkaClientProperties.none().with(bootstrapServers), topic, r -> {
            if (r.timestamp() > until) {
                return;
            }
            if (n[0] == out[0].length) {
                out[0] = Arrays.copyOf(out[0], n[0] * 2);
            }
            out[0][n[0]++] = hash(r.key(), r.value());
        });
        long[] sorted = Arrays.copyOf(out[0], n[0]);
        Arrays.sort(sorted);
        return sorted;
    }

    /** How many records the two sorted multisets share. */
    private static long common(long[] a, long[] b) {
        long shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                shared++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return shared;
    }

    /**
     * Per key of the profile changelog, its last profile (a partition keeps a key's versions in order): the hash of
     * its content without version, time and class before, and its version number (-1 for a tombstone).
     */
    private static Map<Long, long[]> lastPerKey(String bootstrapServers, String topic, long until) {
        AvroCodec<EnterpriseProfile> codec = AvroCodec.of(EnterpriseProfile.class);
        Map<Long, long[]> last = new HashMap<>();
        CommittedReader.readAll(org.creditgrid.pipeline.KafkaClientProperties.none().with(bootstrapServers), topic, r -> {
            if (r.timestamp() > until || r.key() == null) {
                return;
            }
            if (r.value() == null) {
                last.put(hash(r.key(), null), new long[] {hash(r.key(), null), -1});
                return;
            }
            EnterpriseProfile p = Summary.decode(codec, r.value());
            long version = p.getVersion();
            p.setVersion(0);
            p.setPreviousClass(null);
            p.setEventTime(java.time.Instant.EPOCH);
            last.put(hash(r.key(), null), new long[] {hash(r.key(), codec.encode(p)), version});
        });
        return last;
    }

    /** CRC-32C and CRC-32 of key, separator and value, side by side: 64 bits, so millions of records do not collide. */
    private static long hash(byte[] key, byte[] value) {
        CRC32C c = new CRC32C();
        CRC32 d = new CRC32();
        if (key != null) {
            c.update(key);
            d.update(key);
        }
        c.update(0);
        d.update(0);
        if (value != null) {
            c.update(value);
            d.update(value);
        }
        return c.getValue() << 32 | d.getValue();
    }
}
