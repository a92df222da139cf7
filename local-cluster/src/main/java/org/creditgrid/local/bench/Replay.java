package org.creditgrid.local.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.creditgrid.local.CommittedReader;

/**
 * Two runs of CreditGrid on the same pre-loaded inputs, compared record for record as a read_committed consumer sees
 * them: per output topic the records only one run published (a multiset difference over 64-bit hashes of key and
 * value), and for the profile changelog the enterprises whose final profile differs. What differs comes from the
 * job's two feedback loops through Kafka (group news and drawn tasks come back after a checkpoint, at a moment no
 * input fixes), which can change how many intermediate profile versions are published and the class a trigger
 * carries.
 *
 * @param topics per output topic of the first run, in order
 * @param profileKeys enterprises with a profile in either run
 * @param finalProfilesDiffer enterprises whose last profile (by its position in the changelog) differs
 */
public record Replay(List<TopicDiff> topics, long profileKeys, long finalProfilesDiffer) {

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
        Map<Long, Long> lastA = lastPerKey(bootstrapServers, firstProfiles, firstUntil);
        Map<Long, Long> lastB = lastPerKey(bootstrapServers, secondProfiles, secondUntil);
        java.util.Set<Long> keys = new java.util.HashSet<>(lastA.keySet());
        keys.addAll(lastB.keySet());
        long differ = keys.stream().filter(k -> !java.util.Objects.equals(lastA.get(k), lastB.get(k))).count();
        return new Replay(diffs, keys.size(), differ);
    }

    /** Sorted 64-bit hashes of every committed record's key and value. */
    private static long[] hashes(String bootstrapServers, String topic, long until) {
        long[][] out = {new long[1 << 16]};
        int[] n = {0};
        CommittedReader.readAll(bootstrapServers, topic, r -> {
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

    /** The hash of each key's last value in the changelog (a partition keeps a key's versions in order). */
    private static Map<Long, Long> lastPerKey(String bootstrapServers, String topic, long until) {
        Map<Long, Long> last = new HashMap<>();
        CommittedReader.readAll(bootstrapServers, topic, r -> {
            if (r.timestamp() <= until && r.key() != null) {
                last.put(hash(r.key(), null), hash(r.key(), r.value()));
            }
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
