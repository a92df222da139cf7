package org.creditgrid.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * Every version of every Avro record this project ever shipped, in Parsing Canonical Form, from the classpath's
 * {@code avro-history/} (kept by {@code schemas/record-history}, one file per fingerprint): single-object messages name
 * their writer's schema by fingerprint only, so a reader must know the earlier versions to decode what an earlier
 * release wrote (an output topic read across an upgrade, the job's own feedback topics, a producer not yet upgraded).
 */
public final class AvroHistory {

    private static final String ROOT = "avro-history/";
    private static volatile Map<String, List<String>> index;

    private AvroHistory() {}

    /** The shipped versions of the record {@code fullName} (the current one included); empty if none is listed. */
    public static List<Schema> versions(String fullName) {
        List<Schema> out = new ArrayList<>();
        for (String path : index().getOrDefault(fullName, List.of())) {
            try (InputStream in = open(ROOT + path)) {
                out.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ROOT + path, e);
            }
        }
        return out;
    }

    private static Map<String, List<String>> index() {
        Map<String, List<String>> i = index;
        if (i == null) {
            i = new TreeMap<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(open(ROOT + "index.txt"),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    int slash = line.indexOf('/');
                    if (slash > 0) {
                        i.computeIfAbsent(line.substring(0, slash), k -> new ArrayList<>()).add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + ROOT + "index.txt", e);
            }
            index = i;
        }
        return i;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = AvroHistory.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the classpath (the schemas jar ships it)");
        }
        return in;
    }
}
