package org.creditgrid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shape of the job's code, read from its sources: packages that depend on each other in a circle cannot be
 * understood (or moved) one at a time, a file past about 400 lines holds more than one concern, and the enterprise's
 * parts return facts to the one place that composes them, so none of them refers back to it.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.creditgrid\\.([a-z]+)\\.");
    private static final int MAX_LINES = 400;

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> uses = packageGraph();
        assertThat(uses).as("the packages read").containsKeys("supervision", "claim", "risk", "io", "pipeline");
        List<List<String>> circles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = circle(uses, start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                circles.add(path);
            }
        }
        assertThat(circles).as("package circles (each as a path back to its start)").isEmpty();
    }

    @Test
    void noSourceFileHoldsMoreThanOneConcern() throws IOException {
        Map<Path, Long> longer = new TreeMap<>();
        for (Path f : sources()) {
            long lines;
            try (Stream<String> s = Files.lines(f)) {
                lines = s.count();
            }
            if (lines > MAX_LINES) {
                longer.put(MAIN.relativize(f), lines);
            }
        }
        assertThat(longer).as("files over " + MAX_LINES + " lines").isEmpty();
    }

    @Test
    void theEnterprisePartsDoNotReferToWhatComposesThem() throws IOException {
        Path supervision = MAIN.resolve("org/creditgrid/supervision");
        List<Path> parts = List.of(supervision.resolve("ClaimCase.java"), supervision.resolve("Inspections.java"),
                supervision.resolve("ProfileAssembly.java"), supervision.resolve("PlanDraw.java"),
                MAIN.resolve("org/creditgrid/network/GroupMembership.java"),
                MAIN.resolve("org/creditgrid/followup/TaskFollowUp.java"));
        for (Path part : parts) {
            assertThat(Files.readString(part)).as(part.toString())
                    .doesNotContainPattern("\\bEnterpriseSupervisor\\b")
                    .doesNotContainPattern("\\bEnterpriseSupervision\\b");
        }
    }

    /** Each package's uses of the others, from imports and qualified names in its sources. */
    private static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path f : sources()) {
            Path rel = MAIN.resolve("org/creditgrid").relativize(f);
            if (rel.getNameCount() < 2) {
                continue; // the entry point at the root uses the pipeline and nothing uses it
            }
            String own = rel.getName(0).toString();
            Set<String> used = uses.computeIfAbsent(own, k -> new TreeSet<>());
            Matcher m = REFERENCE.matcher(Files.readString(f));
            while (m.find()) {
                String other = m.group(1);
                // Avro's generated records (schema, internal) depend on nothing of the job's own code.
                if (!other.equals(own) && !other.equals("schema") && !other.equals("internal")) {
                    used.add(other);
                }
            }
        }
        return uses;
    }

    private static List<String> circle(Map<String, Set<String>> uses, String start, String at, List<String> path,
                                       Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> found = new ArrayList<>(path);
                found.add(start);
                return found;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = circle(uses, start, next, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
