package org.creditgrid.local.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JDK Flight Recorder around one job of the benchmark (the embedded stack runs in this JVM, so the recording sees the
 * job's task threads, the broker and the client threads alike), and the top frames of its execution samples.
 */
final class Profiler implements AutoCloseable {

    /** A frame and its share of the execution samples, in percent. */
    record Frame(String method, double percent) {}

    /** Where the samples fell: the top-of-stack methods, and the first CreditGrid method on each stack. */
    record Top(long samples, List<Frame> selfFrames, List<Frame> creditGridFrames) {}

    private final Recording recording;
    private final Path file;

    Profiler(Path file) throws Exception {
        this.file = file;
        this.recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
    }

    /** Stops the recording, writes it to the file and summarises it. */
    Top stop(int n) throws Exception {
        recording.stop();
        recording.dump(file);
        return summarise(file, n);
    }

    static Top summarise(Path file, int n) throws Exception {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1L, Long::sum);
            String first = "(no CreditGrid frame: Flink, Kafka, RocksDB or the JVM)";
            for (RecordedFrame f : frames) {
                if (f.getMethod().getType().getName().startsWith("org.creditgrid.")) {
                    first = name(f);
                    break;
                }
            }
            ours.merge(first, 1L, Long::sum);
        }
        return new Top(samples, top(self, samples, n), top(ours, samples, n));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static List<Frame> top(Map<String, Long> counts, long samples, int n) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted.entrySet().stream()
                .map(e -> new Frame(e.getKey(), 100.0 * e.getValue() / Math.max(1, samples))).toList();
    }

    @Override
    public void close() {
        recording.close();
    }
}
