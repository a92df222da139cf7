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

    /**
     * Where the samples fell: the top-of-stack methods, the first CreditGrid method on each stack, and the enterprise
     * operator's samples by what it was doing ({@link #ENTRIES}) per {@link #WINDOW_S} seconds of the recording.
     */
    record Top(long samples, List<Frame> selfFrames, List<Frame> creditGridFrames, List<Window> enterpriseTimeline) {}

    /** One window of the recording: from {@code startS} seconds, the enterprise operator's samples by entry point. */
    record Window(long startS, Map<String, Long> samplesByEntry) {}

    static final int WINDOW_S = 100;

    /**
     * What the enterprise operator does: an input by kind (the supervisor's entry points), a timer, a broadcast (plan,
     * grid, rules) — a sample counts for the first of these names found on its stack, in this order; "other" is the
     * operator's own work around them (loading, storing, emitting) and its thread outside CreditGrid's code.
     */
    static final List<String> ENTRIES = List.of("onRegistration", "onEvent", "onSignal", "history", "verdict", "respond",
            "onTimer", "processBroadcastElement");

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
        Map<Long, Map<String, Long>> timeline = new java.util.TreeMap<>();
        long start = Long.MAX_VALUE;
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
            var thread = e.getThread("sampledThread");
            if (thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith("Enterprise supervision")) {
                long at = e.getStartTime().toEpochMilli();
                start = Math.min(start, at);
                timeline.computeIfAbsent(at, k -> new HashMap<>()).merge(entry(frames), 1L, Long::sum);
            }
        }
        return new Top(samples, top(self, samples, n), top(ours, samples, n), windows(timeline, start));
    }

    private static String entry(List<RecordedFrame> frames) {
        for (String name : ENTRIES) {
            for (RecordedFrame f : frames) {
                if (f.getMethod().getName().equals(name) && f.getMethod().getType().getName().startsWith("org.creditgrid.")) {
                    return name;
                }
            }
        }
        return "other";
    }

    private static List<Window> windows(Map<Long, Map<String, Long>> byInstant, long start) {
        Map<Long, Map<String, Long>> byWindow = new java.util.TreeMap<>();
        byInstant.forEach((at, counts) -> counts.forEach((k, v) -> byWindow
                .computeIfAbsent((at - start) / 1000 / WINDOW_S * WINDOW_S, w -> new LinkedHashMap<>())
                .merge(k, v, Long::sum)));
        return byWindow.entrySet().stream().map(w -> new Window(w.getKey(), w.getValue())).toList();
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
