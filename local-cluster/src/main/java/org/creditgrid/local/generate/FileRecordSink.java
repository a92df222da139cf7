package org.creditgrid.local.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes generated records to files, one per topic ({@code DIR/TOPIC.tsv}): a line per record with the timestamp
 * (epoch ms), the key (UTF-8) and the value (base64 of the Avro single-object message), tab-separated.
 */
public final class FileRecordSink implements RecordSink {

    private final Path dir;
    private final Map<String, BufferedWriter> writers = new HashMap<>();

    public FileRecordSink(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public void send(String topic, byte[] key, byte[] value, long timestamp) {
        try {
            BufferedWriter w = writers.get(topic);
            if (w == null) {
                w = Files.newBufferedWriter(dir.resolve(topic + ".tsv"), StandardCharsets.UTF_8);
                writers.put(topic, w);
            }
            w.write(Long.toString(timestamp));
            w.write('\t');
            w.write(key == null ? "" : new String(key, StandardCharsets.UTF_8));
            w.write('\t');
            w.write(Base64.getEncoder().encodeToString(value));
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (BufferedWriter w : writers.values()) {
            w.close();
        }
    }
}
