package org.creditgrid.local.sublibraries;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code creditgrid sublibraries build --out FILE}: the default inspection-object sub-libraries. */
@Command(name = "sublibraries", mixinStandardHelpOptions = true,
        description = "Build the inspection-object sub-libraries (the job ships them as rules/sub-libraries.json).",
        subcommands = SubLibrariesCommand.Build.class)
public final class SubLibrariesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.err);
        return 2;
    }

    @Command(name = "build", mixinStandardHelpOptions = true, description = "Write the catalogue as JSON.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "File to write (the job's default is "
                + "job/src/main/resources/rules/sub-libraries.json).")
        Path out;

        @Override
        public Integer call() throws Exception {
            var c = SubLibraryCatalogue.build();
            SubLibraryCatalogue.write(c, out);
            System.err.printf("%d sub-library definitions written to %s%n", c.definitions().size(), out);
            return 0;
        }
    }
}
