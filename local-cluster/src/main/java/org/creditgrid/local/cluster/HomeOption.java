package org.creditgrid.local.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --home}, for the commands that start local clusters: the local-cluster directory, whose {@code target/lib}
 * they run and under whose {@code data/} they keep their runs.
 */
public final class HomeOption {

    @Option(names = "--home", description = "The local-cluster directory (default: set by the creditgrid script).")
    Path home;

    /** The directory given, else the launcher's {@code creditgrid.home}, else {@code local-cluster}. */
    public Path home() {
        return home != null ? home : Path.of(System.getProperty("creditgrid.home", "local-cluster"));
    }

    /** A new run directory, {@code data/<kind>/run-<epoch ms>} under {@link #home()}; its parent is created. */
    public Path newRun(String kind) throws IOException {
        return Files.createDirectories(home().resolve("data").resolve(kind)).resolve("run-" + System.currentTimeMillis());
    }
}
