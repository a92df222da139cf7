package org.creditgrid.local.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.creditgrid.local.CommittedReader;

/**
 * What a job published, read back as a read_committed consumer sees it: per topic the committed records and an
 * order-insensitive digest of their keys and values (so two replays can be compared record for record without
 * caring how partitions interleave), and the broker append times of the first and last record. Output topics are
 * created with {@code message.timestamp.type=LogAppendTime}, so those times are when the job wrote, not event time.
 */
public record OutputScan(long records, long firstAppend, long lastAppend, Map<String, Long> perTopic,
                         Map<String, String> digests) {

    /** Reads every committed record of {@code topics} appended no later than {@code until} (epoch ms). */
    public static OutputScan of(String bootstrapServers, List<String> topics, long until) {
        return of(bootstrapServers, topics, until, java.util.Set.of());
    }

    /**
     * As {@link #of(String, List, long)}, the records of {@code untimed} counted but left out of the first and last
     * append: figures published on a processing-time schedule after the work (the unit statistics, at most every
     * 2 s per key and again as their last-day window empties) would stretch the span of the work itself.
     */
    public static OutputScan of(String bootstrapServers, List<String> topics, long until,
                                java.util.Set<String> untimed) {
        long[] first = {Long.MAX_VALUE};
        long[] last = {Long.MIN_VALUE};
        Map<String, Long> perTopic = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        long total = 0;
        for (String topic : topics) {
            boolean timed = !untimed.contains(topic);
            long[] sum = {0, 0};
            CRC32C crc = new CRC32C();
            CommittedReader.readAll(org.creditgrid.pipeline.KafkaClientProperties.none().with(bootstrapServers), topic, r -> {
                if (r.timestamp() > until) {
                    return;
                }
                if (timed) {
                    first[0] = Math.min(first[0], r.timestamp());
                    last[0] = Math.max(last[0], r.timestamp());
                }
                crc.reset();
                if (r.key() != null) {
                    crc.update(r.key());
                }
                crc.update(0);
                if (r.value() != null) {
                    crc.update(r.value());
                }
                long h = crc.getValue();
                sum[0]++;
                sum[1] += h * 0x9E3779B97F4A7C15L + (h >>> 7); // commutative: the sum of mixed hashes
            });
            perTopic.put(topic, sum[0]);
            digests.put(topic, Long.toHexString(sum[1]));
            total += sum[0];
        }
        return new OutputScan(total, first[0], last[0], perTopic, digests);
    }

    /** Seconds from the first to the last output, or NaN with fewer than two. */
    public double spanSeconds() {
        return records < 2 || lastAppend <= firstAppend ? Double.NaN : (lastAppend - firstAppend) / 1000.0;
    }
}
