package org.creditgrid.local.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.creditgrid.local.EmbeddedKafka;
import org.creditgrid.pipeline.Topics;

/**
 * A real local stack for data engineers: a Kafka broker (KRaft, {@code kafka.Kafka}) and a Flink session cluster —
 * one JobManager and two TaskManagers — each a separate JVM started from the Maven jars in {@code target/lib}, all
 * bound to 127.0.0.1. Everything it keeps is under {@code data/} (git-ignored): the broker's log, Flink's
 * configuration, checkpoints and savepoints, the processes' logs and pid files, the last submission.
 *
 * <p>The JVM memory flags come from Flink's own {@code BashJavaUtils}, as its start scripts get them; the Flink
 * processes' classpath is Flink's (what flink-dist's lib holds) without the job's dependencies, which travel in the
 * job jar.
 */
public final class LocalCluster {

    public static final String KAFKA = "kafka";
    public static final String JOBMANAGER = "jobmanager";
    public static final List<String> TASKMANAGERS = List.of("taskmanager-1", "taskmanager-2");

    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    /** Jars of target/lib the Flink processes must not see: the job's own dependencies and the broker's. */
    private static final List<String> NOT_FLINK = List.of("creditgrid-", "avro-", "flink-avro", "flink-connector-kafka",
            "kafka", "scala-", "jts-", "picocli", "junit-", "opentest4j", "apiguardian", "jackson-datatype-jsr310",
            "jose4j", "argparse4j", "jopt-simple", "metrics-core", "pcollections", "HdrHistogram", "re2j", "hash4j",
            "async-profiler");

    private final Path home;
    private final Path data;
    private final Path lib;
    private final Path jobJar;
    private final int kafkaPort;
    private final int restPort;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** BashJavaUtils' JVM and dynamic flags per kind of process ({@link #flinkCommand}). */
    private final Map<String, List<String>> memoryFlags = new java.util.HashMap<>();
    /** Flink settings written after the defaults of {@link #writeFlinkConfiguration} (the chaos run's heartbeats). */
    private final Map<String, String> flinkSettings = new java.util.LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** {@code home} is the local-cluster directory: its target/lib and data/ are used. */
    public LocalCluster(Path home, int kafkaPort, int restPort, PrintStream out) {
        this(home, home.resolve("data"), kafkaPort, restPort, out);
    }

    /** With its data somewhere else than {@code home/data} (the tests). */
    public LocalCluster(Path home, Path data, int kafkaPort, int restPort, PrintStream out) {
        this.home = home.toAbsolutePath().normalize();
        this.data = data.toAbsolutePath().normalize();
        this.lib = this.home.resolve("target/lib");
        this.jobJar = this.home.getParent().resolve("job/target/creditgrid-job.jar");
        this.kafkaPort = kafkaPort;
        this.restPort = restPort;
        this.out = out;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /** A client configuration for the local broker (plaintext, like a developer's single-node Kafka). */
    public java.util.Properties client() {
        return org.creditgrid.pipeline.KafkaClientProperties.none().with(bootstrapServers());
    }

    public Path data() {
        return data;
    }

    /** The Flink REST port (web UI). */
    public int restPort() {
        return restPort;
    }

    /**
     * Adds or overrides a setting of the Flink configuration the next {@link #start} writes (e.g. {@code
     * heartbeat.timeout}); the processes read it when they start.
     */
    public LocalCluster withFlinkSetting(String key, String value) {
        flinkSettings.put(key, value);
        memoryFlags.clear(); // a memory setting would change them
        return this;
    }

    // ---------------------------------------------------------------------------------------------------- start

    /** Starts whatever is not running yet, creates the missing topics, waits until both TaskManagers registered. */
    public void start() throws Exception {
        boolean transactionLog;
        for (String d : List.of("kafka", "flink/conf", "flink/checkpoints", "flink/savepoints", "logs", "run")) {
            Files.createDirectories(data.resolve(d));
        }
        startKafka();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<String> created = EmbeddedKafka.createMissingTopics(admin, Topics.defaults(), 2);
            transactionLog = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                    .names().get().contains("__transaction_state");
            out.printf("Kafka on %s: %d topics created (the others were there).%n", bootstrapServers(),
                    created.size());
        }
        writeFlinkConfiguration();
        if (!alive(JOBMANAGER)) {
            spawn(JOBMANAGER, withMetricsPort(flinkCommand("GET_JM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", JOBMANAGER), JOBMANAGER));
        }
        for (String tm : TASKMANAGERS) {
            if (!alive(tm)) {
                spawn(tm, withMetricsPort(flinkCommand("GET_TM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", tm), tm));
            }
        }
        if (!transactionLog) { // a fresh broker: have it made while Flink starts, not at the job's first start
            try {
                EmbeddedKafka.createTransactionLog(client(), "local-cluster-transaction-log");
            } catch (org.apache.kafka.common.KafkaException e) {
                out.println("Kafka's transaction log not made ahead (" + e.getMessage() + "): the job's first start "
                        + "will have it made.");
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (taskManagers() < TASKMANAGERS.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Flink did not come up within 90 s with " + TASKMANAGERS.size()
                        + " TaskManagers; see " + data.resolve("logs"));
            }
            Thread.sleep(500);
        }
        out.printf("Flink session cluster up: JobManager and %d TaskManagers, web UI http://127.0.0.1:%d%n",
                TASKMANAGERS.size(), restPort);
        out.printf("Prometheus metrics: %s%n", processesWithMetrics().stream()
                .map(n -> n + " http://127.0.0.1:" + metricsPort(n) + "/metrics").collect(Collectors.joining(", ")));
    }

    /** The first port of the JobManager's and TaskManagers' Prometheus reporters: 9249 and up, one per process. */
    public static final int METRICS_PORT = 9249;

    /** The port of {@code process}'s Prometheus reporter: the JobManager 9249, TaskManager n 9249 + n. */
    public static int metricsPort(String process) {
        return METRICS_PORT + (JOBMANAGER.equals(process) ? 0 : TASKMANAGERS.indexOf(process) + 1);
    }

    private static List<String> processesWithMetrics() {
        List<String> all = new ArrayList<>(List.of(JOBMANAGER));
        all.addAll(TASKMANAGERS);
        return all;
    }

    /** A fixed reporter port per process (a dynamic property), so a scrape configuration can name each. */
    private static List<String> withMetricsPort(List<String> command, String process) {
        List<String> c = new ArrayList<>(command);
        c.add("-D");
        c.add("metrics.reporter.prom.port=" + metricsPort(process));
        return c;
    }

    private void startKafka() throws Exception {
        if (alive(KAFKA)) {
            return;
        }
        Path props = data.resolve("kafka/server.properties");
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + (kafkaPort + 1));
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + kafkaPort + ",CONTROLLER://127.0.0.1:" + (kafkaPort + 1));
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + kafkaPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", data.resolve("kafka/log").toString());
        p.setProperty("num.partitions", "2");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("transaction.max.timeout.ms", "900000");
        // Record timestamps are event times, possibly years back: the default retention would delete them on arrival.
        p.setProperty("log.retention.ms", "-1");
        try (var w = Files.newBufferedWriter(props)) {
            p.store(w, "CreditGrid local broker (KRaft, single node) - written by creditgrid cluster start");
        }
        if (!Files.exists(data.resolve("kafka/log/meta.properties"))) {
            run(List.of(java(), "-cp", lib + File.separator + "*", "kafka.tools.StorageTool", "format",
                    "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", props.toString()),
                    Map.of(), Duration.ofSeconds(60));
        }
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx1g", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + writeLog4j(KAFKA).toUri(),
                "-cp", lib + File.separator + "*", "kafka.Kafka", props.toString()));
        spawn(KAFKA, command);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!listening(kafkaPort)) {
            if (System.nanoTime() > deadline || !alive(KAFKA)) {
                throw new IllegalStateException("Kafka did not start; see " + data.resolve("logs/kafka.log")
                        + lastLines(data.resolve("logs/" + KAFKA + ".out")));
            }
            Thread.sleep(300);
        }
    }

    private void writeFlinkConfiguration() throws IOException {
        String checkpoints = data.resolve("flink/checkpoints").toUri().toString();
        String savepoints = data.resolve("flink/savepoints").toUri().toString();
        String yaml = String.join("\n",
                "# Written by creditgrid cluster start: a session cluster on 127.0.0.1, as the docker-compose.yml one.",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.memory.process.size: 1728m",
                "taskmanager.numberOfTaskSlots: 1",
                "parallelism.default: 2",
                "state.backend.type: rocksdb",
                "execution.checkpointing.incremental: true",
                "state.backend.rocksdb.use-bloom-filter: true",
                "execution.checkpointing.dir: " + checkpoints,
                "execution.checkpointing.savepoint-dir: " + savepoints,
                "execution.checkpointing.num-retained: 3",
                "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION",
                "restart-strategy.type: exponential-delay",
                "io.tmp.dirs: " + data.resolve("flink/tmp"),
                "# Prometheus: /metrics on each process, its port given on its command line (9249 JobManager, 9250+).",
                "metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
                "");
        StringBuilder more = new StringBuilder();
        flinkSettings.forEach((k, v) -> more.append(k).append(": ").append(v).append('\n'));
        // A setting given replaces its default: Flink refuses a key twice.
        yaml = yaml.lines().filter(l -> !flinkSettings.containsKey(l.split(":", 2)[0]))
                .collect(Collectors.joining("\n", "", "\n")) + more;
        Files.createDirectories(data.resolve("flink/tmp"));
        Files.writeString(data.resolve("flink/conf/config.yaml"), yaml);
    }

    private Path writeLog4j(String name) throws IOException {
        Path file = data.resolve("flink/conf/log4j-" + name + ".properties");
        Files.writeString(file, String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = file",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.append = true", // else the JobManager's log is wiped at shutdown
                "appender.file.fileName = " + data.resolve("logs/" + name + ".log"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                // Known second registrations whose first one keeps reporting (docs/monitoring.md); others still log.
                "logger.collisions.name = org.apache.flink.metrics.MetricGroup",
                "logger.collisions.level = INFO",
                "logger.collisions.filter.known.type = RegexFilter",
                "logger.collisions.filter.known.regex = Name collision: Group already contains a Metric with the name"
                        + " '(pendingCommittables|currentSendTime)'.*",
                "logger.collisions.filter.known.onMatch = DENY",
                "logger.collisions.filter.known.onMismatch = NEUTRAL",
                ""));
        return file;
    }

    /**
     * The command line of a Flink process: memory flags from Flink's BashJavaUtils, then the entry point. The flags
     * are computed once per kind of process: the configuration does not change while this object lives, and a JVM
     * less at every restart shortens recoveries (a restart after a kill waits for it).
     */
    private List<String> flinkCommand(String resources, String mainClass, String name) throws Exception {
        String conf = data.resolve("flink/conf").toString();
        List<String> results = memoryFlags.get(resources);
        if (results == null) {
            List<String> lines = run(List.of(java(), "-cp", flinkClasspath(),
                    "org.apache.flink.runtime.util.bash.BashJavaUtils", resources, "--configDir", conf),
                    Map.of(), Duration.ofSeconds(60));
            results = lines.stream().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                    .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
            if (results.size() < 2) {
                throw new IllegalStateException("BashJavaUtils gave no memory settings: " + lines);
            }
            memoryFlags.put(resources, results);
        }
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(split(results.get(0)));
        command.addAll(JVM_OPENS);
        command.add("-Dlog.file=" + data.resolve("logs/" + name + ".log"));
        command.add("-Dlog4j2.configurationFile=" + writeLog4j(name).toUri());
        command.add("-cp");
        command.add(flinkClasspath());
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf);
        command.addAll(split(results.get(1)));
        return command;
    }

    private static List<String> split(String s) {
        return Stream.of(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).toList();
    }

    String flinkClasspath() throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(j -> j.toString().endsWith(".jar"))
                    .filter(j -> NOT_FLINK.stream().noneMatch(j.getFileName().toString()::startsWith))
                    .sorted().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        }
    }

    // ------------------------------------------------------------------------------------------- jobs and status

    /** This build's job jar ({@code job/target/creditgrid-job.jar}). */
    public Path jobJar() {
        return jobJar;
    }

    /** {@code flink run -d} of the job jar with {@code jobArgs} (remembered for {@link #resume}). */
    public String submit(List<String> jobArgs) throws Exception {
        return submit(jobJar, jobArgs, null, false);
    }

    /** {@link #submit(List)} with another build of the job (an earlier release, to upgrade from). */
    public String submit(Path jar, List<String> jobArgs) throws Exception {
        return submit(jar, jobArgs, null, false);
    }

    private String submit(Path jar, List<String> jobArgs, String fromSavepoint, boolean allowNonRestoredState)
            throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with mvn package");
        }
        List<String> args = new ArrayList<>(jobArgs);
        if (args.stream().noneMatch(a -> a.startsWith("--bootstrap-servers"))) {
            args.addAll(0, List.of("--bootstrap-servers", bootstrapServers()));
        }
        List<String> command = new ArrayList<>(List.of("run", "-d"));
        if (fromSavepoint != null) {
            command.addAll(List.of("-s", fromSavepoint));
            if (allowNonRestoredState) {
                command.add("--allowNonRestoredState");
            }
        }
        command.add(jar.toString());
        command.addAll(args);
        String output = String.join("\n", flinkCli(command));
        Matcher m = JOB_ID.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("flink run did not report a job id:\n" + output);
        }
        Files.write(data.resolve("run/job-args"), args, StandardCharsets.UTF_8);
        Files.writeString(data.resolve("run/job-id"), m.group(1));
        out.printf("Submitted job %s%s%n", m.group(1), fromSavepoint == null ? "" : " from " + fromSavepoint);
        return m.group(1);
    }

    /** Stop-with-savepoint of the submitted job; the savepoint's path is remembered for {@link #resume}. */
    public String stop() throws Exception {
        String jobId = Files.readString(data.resolve("run/job-id")).trim();
        String output = String.join("\n", flinkCli(List.of("stop", "--type", "canonical", "--savepointPath",
                data.resolve("flink/savepoints").toUri().toString(), jobId)));
        Matcher m = SAVEPOINT.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("flink stop did not report a savepoint:\n" + output);
        }
        Files.writeString(data.resolve("run/last-savepoint"), m.group(1));
        out.printf("Job %s stopped with savepoint %s%n", jobId, m.group(1));
        return m.group(1);
    }

    /** Resubmits with the last job arguments from the last savepoint, or else from the latest retained checkpoint. */
    public String resume() throws Exception {
        return resume(jobJar, false);
    }

    /**
     * {@link #resume()} with another build of the job (an upgrade); {@code allowNonRestoredState} when the build
     * removed an operator that had state (Flink's {@code --allowNonRestoredState}: that state is dropped).
     */
    public String resume(Path jar, boolean allowNonRestoredState) throws Exception {
        Optional<String> from = latestRestorePoint();
        if (from.isEmpty()) {
            throw new IllegalStateException("no savepoint or retained checkpoint under " + data.resolve("flink"));
        }
        List<String> args = Files.exists(data.resolve("run/job-args"))
                ? Files.readAllLines(data.resolve("run/job-args")) : List.of();
        return submit(jar, args, from.get(), allowNonRestoredState);
    }

    /** Resubmits this build with the last job arguments from {@code savepointOrCheckpoint} (a URI or path). */
    public String resumeFrom(String savepointOrCheckpoint) throws Exception {
        List<String> args = Files.exists(data.resolve("run/job-args"))
                ? Files.readAllLines(data.resolve("run/job-args")) : List.of();
        return submit(jobJar, args, savepointOrCheckpoint, false);
    }

    /** The newer of the last stop's savepoint and the latest retained checkpoint ({@code chk-N/_metadata}). */
    public Optional<String> latestRestorePoint() throws IOException {
        List<Path> candidates = new ArrayList<>();
        Path last = data.resolve("run/last-savepoint");
        if (Files.exists(last)) {
            Path p = Path.of(URI.create(Files.readString(last).trim()));
            if (Files.exists(p.resolve("_metadata"))) {
                candidates.add(p);
            }
        }
        Path checkpoints = data.resolve("flink/checkpoints");
        if (Files.isDirectory(checkpoints)) {
            try (Stream<Path> all = Files.walk(checkpoints, 3)) {
                all.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
                        .forEach(candidates::add);
            }
        }
        return candidates.stream().max(Comparator.comparingLong(p -> p.resolve("_metadata").toFile().lastModified()))
                .map(p -> p.toUri().toString());
    }

    /** Processes, ports, jobs. */
    public void status() throws Exception {
        for (String name : processes()) {
            Optional<Long> pid = pid(name);
            out.printf("%-14s %s%n", name, pid.isPresent() && alive(name) ? "running, pid " + pid.get() : "not running");
        }
        out.printf("%-14s %s%n", "kafka port", bootstrapServers() + (listening(kafkaPort) ? " listening" : " closed"));
        out.printf("%-14s %s%n", "flink web UI", "http://127.0.0.1:" + restPort
                + (listening(restPort) ? " (" + taskManagers() + " TaskManagers)" : " closed"));
        for (String p : processesWithMetrics()) {
            out.printf("%-14s %s%n", "metrics", "http://127.0.0.1:" + metricsPort(p) + "/metrics (" + p
                    + (listening(metricsPort(p)) ? ")" : ", closed)"));
        }
        for (JsonNode job : jobs()) {
            out.printf("%-14s %s %s %s%n", "job", job.get("jid").asText(), job.get("state").asText(),
                    job.get("name").asText());
        }
        Optional<String> from = latestRestorePoint();
        from.ifPresent(f -> out.printf("%-14s %s%n", "restore point", f));
    }

    /** Stops every process (jobs are cancelled with the JobManager; their retained checkpoints stay). */
    public void down() throws Exception {
        List<String> reverse = new ArrayList<>(processes());
        java.util.Collections.reverse(reverse);
        for (String name : reverse) {
            Optional<ProcessHandle> p = pid(name).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
            if (p.isPresent()) {
                p.get().destroy();
                try {
                    p.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    p.get().destroyForcibly();
                    p.get().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                }
                out.printf("%s stopped%n", name);
            }
            Files.deleteIfExists(data.resolve("run/" + name + ".pid"));
        }
    }

    public int taskManagers() {
        try {
            JsonNode overview = rest("/overview");
            return overview == null ? 0 : overview.path("taskmanagers").asInt();
        } catch (Exception e) {
            return 0;
        }
    }

    public List<JsonNode> jobs() {
        try {
            JsonNode o = rest("/jobs/overview");
            List<JsonNode> jobs = new ArrayList<>();
            if (o != null) {
                o.path("jobs").forEach(jobs::add);
            }
            return jobs;
        } catch (Exception e) {
            return List.of();
        }
    }

    /** The state of a job as the REST API reports it, or null. */
    public String jobState(String jobId) {
        return jobs().stream().filter(j -> j.get("jid").asText().equals(jobId)).map(j -> j.get("state").asText())
                .findFirst().orElse(null);
    }

    /** GET of the Flink REST API, parsed; null unless 200. */
    JsonNode rest(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? json.readTree(r.body()) : null;
    }

    // ---------------------------------------------------------------------------------------------- processes

    static List<String> processes() {
        List<String> all = new ArrayList<>(List.of(KAFKA, JOBMANAGER));
        all.addAll(TASKMANAGERS);
        return all;
    }

    /**
     * Sends {@code signal} ({@code KILL}, {@code STOP}, {@code CONT}, as {@code kill -SIGNAL pid}) to the process
     * {@code name} ({@link #KAFKA}, {@link #JOBMANAGER} or one of {@link #TASKMANAGERS}); after {@code KILL}, waits
     * until it is gone. A fault injector's tool: nothing is shut down cleanly.
     *
     * @throws IllegalStateException if the process is not running or {@code kill} fails
     */
    public void signal(String name, String signal) throws Exception {
        long pid = pid(name).filter(p -> alive(name))
                .orElseThrow(() -> new IllegalStateException(name + " is not running"));
        run(List.of("kill", "-" + signal, Long.toString(pid)), Map.of(), Duration.ofSeconds(10));
        if (signal.equals("KILL")) {
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        }
    }

    private Optional<Long> pid(String name) {
        Path f = data.resolve("run/" + name + ".pid");
        try {
            return Files.exists(f) ? Optional.of(Long.parseLong(Files.readString(f).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether the process of the pid file is alive and is still a java process (pids get reused). */
    /** The last lines of a log, to put in an error (the log may be gone when a test's directory is cleaned). */
    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "; its last lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    boolean alive(String name) {
        return pid(name).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(true)).isPresent();
    }

    private void spawn(String name, List<String> command) throws IOException {
        Path log = data.resolve("logs/" + name + ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .directory(data.toFile()).start();
        Files.writeString(data.resolve("run/" + name + ".pid"), Long.toString(p.pid()));
        out.printf("%s started, pid %d (log %s)%n", name, p.pid(), data.resolve("logs/" + name + ".log"));
    }

    /** The Flink CLI ({@code CliFrontend}) against this cluster's configuration. */
    private List<String> flinkCli(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(JVM_OPENS);
        command.add("-Dlog4j2.configurationFile=" + writeLog4j("flink-cli").toUri());
        command.addAll(List.of("-cp", flinkClasspath(), "org.apache.flink.client.cli.CliFrontend"));
        command.addAll(args);
        return run(command, Map.of("FLINK_CONF_DIR", data.resolve("flink/conf").toString()), Duration.ofMinutes(5));
    }

    /** Runs a command to its end; its output lines, or an exception with them if it failed. */
    private List<String> run(List<String> command, Map<String, String> env, Duration timeout) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).directory(data.toFile());
        b.environment().putAll(env);
        Process p = b.start();
        p.getOutputStream().close();
        List<String> lines = new ArrayList<>();
        try (var reader = p.inputReader()) {
            reader.lines().forEach(lines::add);
        }
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + command.get(command.size() - 1) + "\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
        return lines;
    }

    /** A port nothing listens on now (another process may take it before it is used). */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A port whose successor (the broker's controller listener) can be bound too: both are bound at once to check,
     * since a port nobody listens on may still be held by an outgoing connection (ephemeral ports are shared).
     */
    public static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            if (p >= 65535) {
                continue;
            }
            try (java.net.ServerSocket first = new java.net.ServerSocket(p);
                 java.net.ServerSocket second = new java.net.ServerSocket(p + 1)) {
                return p;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IOException("no free port pair");
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Flink's own Java 17 module flags, as its start scripts set them. */
    static final List<String> JVM_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
}
