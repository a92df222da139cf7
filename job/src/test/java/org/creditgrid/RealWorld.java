package org.creditgrid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The real-world corpus under {@code src/test/resources/real-world/}: one file per kind of input, one case per line,
 * fields separated by {@code |} (addresses contain commas), the last field the public source of the right value.
 * Lines starting with {@code #} and blank lines are comments. A newly found case is one more line.
 */
public final class RealWorld {

    private RealWorld() {}

    /** The cases of {@code file}, each as its fields (trimmed), for a {@code @MethodSource}. */
    public static Stream<Arguments> cases(String file) {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = RealWorld.class.getResourceAsStream("/real-world/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file real-world/" + file);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\|", -1);
                Object[] args = new Object[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    args[i] = fields[i].trim();
                }
                out.add(Arguments.of(args));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("corpus file real-world/" + file + " has no case");
        }
        return out.stream();
    }
}
