package org.creditgrid.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a rules or reference file: a path, or {@code classpath:resource} for what ships in the job jar. */
public final class Resources {

    private Resources() {}

    public static InputStream open(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("not found on the classpath: " + resource);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }
}
