package org.creditgrid.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import javax.tools.ToolProvider;
import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler;
import org.apache.avro.generic.GenericData;
import org.creditgrid.internal.EnterpriseState;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.creditgrid.claim.Grid;
import org.creditgrid.local.CommittedReader;
import org.creditgrid.local.Summary;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.local.generate.SyntheticCity;
import org.creditgrid.pipeline.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on the real local stack — a Kafka broker process, a JobManager and two TaskManagers as separate JVMs —
 * with the job submitted by the Flink CLI: the shaded jar of the release {@value #RELEASE} (built from this
 * repository's history) is fed 2,000 entities and stopped with a savepoint; 500 more are fed while the job is
 * down; this build — its enterprise operator split into its parts, and its enterprise state schema given one more
 * field, as a later release would — resumes from that savepoint; then a read_committed consumer checks that every
 * enterprise has its profile and that no profile was published twice. Ends with {@code cluster down} and no process
 * left.
 */
class ClusterIT {

    /** The release before the enterprise operator was split into its parts (issue #15): upgrades from it must work. */
    static final String RELEASE = "07f9757";

    static final Topics TOPICS = Topics.defaults();

    @TempDir
    Path data;
    LocalCluster cluster;

    @AfterEach
    void down() throws Exception {
        if (cluster != null) {
            cluster.down();
        }
    }

    @Test
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    void stopWithSavepointAndResumeLoseNothingAndDuplicateNothing() throws Exception {
        Path release = ReleaseBuild.jobJar(RELEASE); // before the stack starts: the build takes both cores
        int kafkaPort = LocalCluster.freePortPair();
        int restPort = LocalCluster.freePort();
        cluster = new LocalCluster(Path.of("").toAbsolutePath(), data, kafkaPort, restPort, System.out);
        cluster.start();
        assertThat(cluster.taskManagers()).isEqualTo(2);
        String first = cluster.submit(release, List.of("--checkpoint-interval", "3 s"));
        awaitState(first, "RUNNING");

        Grid grid = Grid.load(Grid.DEFAULT_LOCATION);
        Map<String, String> truth = new HashMap<>();
        // 2024 then 2025: the second batch is newer than the first, as a day's registrations would be.
        SyntheticCity before = new SyntheticCity(new SyntheticCity.Settings(2_000, 11, 2024, 0, TOPICS), grid);
        try (KafkaRecordSink sink = new KafkaRecordSink(cluster.client(), 0)) {
            before.generate(sink, n -> { });
        }
        truth.putAll(before.trueUnits());
        awaitProfiles(truth.keySet(), Duration.ofMinutes(5));

        String savepoint = cluster.stop();
        assertThat(cluster.jobState(first)).isEqualTo("FINISHED");
        SyntheticCity after = new SyntheticCity(new SyntheticCity.Settings(500, 12, 2025, 0, TOPICS), grid);
        try (KafkaRecordSink sink = new KafkaRecordSink(cluster.client(), 0)) {
            after.generate(sink, n -> { });
        }
        truth.putAll(after.trueUnits());

        // Resumed by this build, evolved as a later release would be: its enterprise state schema gained a field.
        // Since 07f9757 the drawn tasks go forward: the state of its source that read them back is dropped.
        String second = cluster.resume(newerBuild(data.resolve("newer")), true);
        awaitState(second, "RUNNING");
        JsonNode checkpoints = cluster.rest("/jobs/" + second + "/checkpoints");
        assertThat(Path.of(URI.create(checkpoints.path("latest").path("restored").path("external_path").asText())))
                .as("resumed from the savepoint of the stop").isEqualTo(Path.of(URI.create(savepoint)));
        awaitProfiles(truth.keySet(), Duration.ofMinutes(5));
        assertThat(cluster.rest("/jobs/" + second + "/exceptions").path("exceptionHistory").path("entries"))
                .as("no failure since the upgrade").isEmpty();
        assertThat(cluster.jobState(second)).isEqualTo("RUNNING");
        taskManagersReportDomainMetrics(truth.keySet());
        for (String tm : LocalCluster.TASKMANAGERS) { // the known second registrations are filtered (docs/monitoring.md)
            assertThat(Files.readString(data.resolve("logs/" + tm + ".log")))
                    .contains("PrometheusReporter").doesNotContain("with the name 'pendingCommittables'");
        }

        Summary s = Summary.read(cluster.client(), TOPICS, truth.size(), 0, 0, 0, 0, 0, truth);
        assertThat(s.profiles()).as("an enterprise per profile key, none lost").isEqualTo(truth.size());
        assertThat(s.duplicates()).as("records beyond their version numbers").containsEntry("profiles", 0L);

        List<Long> pids = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(data.toString())).map(ProcessHandle::pid).toList();
        assertThat(pids).as("the stack's processes while up").hasSizeGreaterThanOrEqualTo(4);
        cluster.down();
        cluster = null;
        assertThat(ProcessHandle.allProcesses().filter(p -> pids.contains(p.pid()) && p.isAlive()))
                .as("cluster down leaves no process behind").isEmpty();
    }

    /**
     * The job jar with {@code EnterpriseState} — the enterprise operator's keyed state — regenerated from its schema
     * plus a field with a default, appended as the README asks, the way avro-maven-plugin generates it.
     */
    static Path newerBuild(Path dir) throws Exception {
        Schema today = EnterpriseState.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        today.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("reviewNote", Schema.createUnion(Schema.create(Schema.Type.NULL),
                Schema.create(Schema.Type.STRING)), "Added by the newer build.", Schema.Field.NULL_DEFAULT_VALUE));
        Schema next = Schema.createRecord(today.getName(), today.getDoc(), today.getNamespace(), false, fields);
        SpecificCompiler compiler = new SpecificCompiler(next);
        compiler.setStringType(GenericData.StringType.String);
        Path sources = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        compiler.compileToDestination(null, sources.toFile());
        Path jar = Path.of("").toAbsolutePath().getParent().resolve("job/target/creditgrid-job.jar");
        Path source = sources.resolve("org/creditgrid/internal/EnterpriseState.java");
        assertThat(Files.readString(source)).contains("reviewNote");
        int javac = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-nowarn", "--release", "17",
                "-cp", jar.toString(), "-d", classes.toString(), source.toString());
        assertThat(javac).as("javac of the evolved state class").isZero();
        Path newer = dir.resolve("creditgrid-job-next.jar");
        Files.copy(jar, newer);
        try (FileSystem zip = FileSystems.newFileSystem(newer)) {
            try (var compiled = Files.list(classes.resolve("org/creditgrid/internal"))) {
                for (Path c : compiled.toList()) {
                    Files.copy(c, zip.getPath("org/creditgrid/internal", c.getFileName().toString()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return newer;
    }

    /**
     * Each TaskManager's Prometheus reporter, read as {@code curl http://127.0.0.1:9250/metrics} would: together they
     * carry the job's domain metrics, and no label value is a credit code of the city.
     */
    private static void taskManagersReportDomainMetrics(Set<String> creditCodes) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        StringBuilder all = new StringBuilder();
        for (String tm : LocalCluster.TASKMANAGERS) {
            all.append(http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + LocalCluster.metricsPort(tm) + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        }
        String m = "flink_taskmanager_job_task_operator_creditgrid_";
        assertThat(all.toString()).contains(m + "topic_records_in{", m + "district_method_claims{",
                m + "class_city_enterprises{",
                m + "event_time_lag_seconds{");
        java.util.regex.Matcher label = java.util.regex.Pattern.compile("=\"([^\"]*)\"").matcher(all);
        int values = 0;
        while (label.find()) {
            values++;
            assertThat(creditCodes).as("a label value").doesNotContain(label.group(1));
        }
        assertThat(values).isPositive();
    }

    /** Until every expected credit code has a committed profile. */
    private void awaitProfiles(Set<String> expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> seen = new HashSet<>();
        while (true) {
            seen.clear();
            CommittedReader.readAll(cluster.client(), TOPICS.profiles(), r -> {
                if (r.key() != null) {
                    seen.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8));
                }
            });
            if (seen.containsAll(expected)) {
                return;
            }
            assertThat(System.nanoTime()).as("profiles of %d of %d enterprises committed in time",
                    expected.stream().filter(seen::contains).count(), expected.size()).isLessThan(deadline);
            Thread.sleep(3_000);
        }
    }

    private void awaitState(String jobId, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!state.equals(cluster.jobState(jobId))) {
            assertThat(System.nanoTime()).as("job %s %s, wanted %s", jobId, cluster.jobState(jobId), state)
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
