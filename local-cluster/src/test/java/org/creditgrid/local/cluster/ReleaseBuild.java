package org.creditgrid.local.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shaded job jar of an earlier release, built from this repository's history (git archive of the commit, then
 * Maven with the tests skipped) and kept under {@code target/releases/}, so an upgrade from it is tested with the
 * jar its users run. Needs git, Maven on the {@code PATH} (or {@code MAVEN_HOME}) and the commit in the clone.
 */
final class ReleaseBuild {

    private ReleaseBuild() {}

    /** The job jar of {@code commit} (an abbreviated id of this repository), built once per {@code target/}. */
    static Path jobJar(String commit) throws Exception {
        Path module = Path.of("").toAbsolutePath();
        Path repository = module.getParent();
        Path jar = module.resolve("target/releases/creditgrid-job-" + commit + ".jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path sources = module.resolve("target/releases/" + commit);
        Files.createDirectories(sources);
        Path tar = sources.resolve("release.tar");
        run(repository, List.of("git", "archive", "--format=tar", "-o", tar.toString(), commit), 2,
                "git archive of " + commit + " (is this a full clone?)");
        run(sources, List.of("tar", "-xf", tar.toString()), 2, "unpacking " + commit);
        // A .mvn of its own makes the release's tree its own Maven base directory (mvn would otherwise climb to this
        // repository's), with this repository's JVM flags for Maven.
        Path mvn = Files.createDirectories(sources.resolve(".mvn"));
        Path flags = repository.resolve(".mvn/jvm.config");
        if (Files.exists(flags) && !Files.exists(mvn.resolve("jvm.config"))) {
            Files.copy(flags, mvn.resolve("jvm.config"));
        }
        run(sources, List.of(maven(), "-q", "-B", "package", "-pl", "job", "-am", "-Dmaven.test.skip=true"), 10,
                "building the job jar of " + commit);
        Files.move(sources.resolve("job/target/creditgrid-job.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    private static String maven() {
        String home = System.getenv("MAVEN_HOME");
        return home != null && Files.isExecutable(Path.of(home, "bin/mvn")) ? Path.of(home, "bin/mvn").toString()
                : "mvn";
    }

    private static void run(Path dir, List<String> command, int minutes, String what) throws Exception {
        Path log = Files.createTempFile("release-build", ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(what + ": no result in " + minutes + " min; output in " + log);
        }
        if (p.exitValue() != 0) {
            throw new IOException(what + " failed (exit " + p.exitValue() + "):\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
