package org.creditgrid.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.pipeline.KafkaClientProperties;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.AbnormalListing;
import org.creditgrid.schema.AbnormalReason;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.RiskClass;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The embedded demo end to end, small, in one run: {@code creditgrid demo --monitor --follow --summary-json} at 4,000
 * entities with 40 malformed records, every Kafka client (the job's and the demo's) logging in with SCRAM-SHA-512
 * over mutual TLS ({@code SASL_SSL}). Checked: the summary JSON; the password and the key stores' password nowhere a
 * person could read them (the log at INFO, the console, the summary, Flink's web UI, the monitor's snapshot); no
 * personal data in the log; and the monitor page in a real browser — Debian's headless Chromium driven by its
 * chromedriver through Selenium (the system binaries; nothing is downloaded): it draws the 187 units, shows the live
 * badge, agrees with the summary, logs no console error, and shows a unit's figures change after an event injected
 * into the running job reaches {@code unit-stats}. Saves {@code target/monitor.png} (the README's screenshot).
 * Without Chromium only the page's test is skipped, and says why; {@code .ci/run} installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final int ENTITIES = 4_000;

    private Path dir;
    private Path json;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private CapturedLog log;
    private Demo demo;
    private Thread running;
    private final AtomicInteger exit = new AtomicInteger(-1);
    private Demo.Following following;
    private WebDriver browser;
    /** Versions of the city's figures the page showed while the city streamed in. */
    private final SortedSet<Long> cityVersions = new TreeSet<>();

    @BeforeAll
    @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void runTheDemoUntilItFollows() throws Exception {
        dir = Files.createTempDirectory("creditgrid-demo-it-");
        json = dir.resolve("summary.json");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        log = new CapturedLog(Path.of("target/demo-it.log"));
        System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));
        demo = new Demo(new Demo.Options(ENTITIES, 11, 2025, 40, true, json, Duration.ofMinutes(5), true, port,
                EmbeddedKafka.Security.SCRAM_TLS));
        running = new Thread(() -> {
            try {
                exit.set(demo.run());
            } catch (InterruptedException e) {
                exit.set(0);
            } catch (Exception e) {
                e.printStackTrace();
                exit.set(2);
            }
        }, "demo");
        running.start();
        if (browserInstalled()) {
            // The page opens as soon as the monitor is up, and fills as the city streams in.
            await("the monitor", Duration.ofMinutes(2), () -> demo.monitorAddress() != null || exit.get() >= 0);
            browser = chromium();
            browser.get(demo.monitorAddress());
        }
        while (demo.following() == null && exit.get() < 0) {
            if (browser != null) {
                Object city = ((JavascriptExecutor) browser).executeScript("return window.creditgrid"
                        + " && window.creditgrid.figure('city') && window.creditgrid.figure('city').version");
                if (city instanceof Number n) {
                    cityVersions.add(n.longValue());
                }
            }
            Thread.sleep(500);
        }
        following = demo.following();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (running != null) {
                running.interrupt();
                running.join(60_000);
            }
            System.setOut(out);
            System.setErr(err);
            if (log != null) {
                log.close();
            }
            if (dir != null) {
                org.apache.flink.util.FileUtils.deleteDirectoryQuietly(dir.toFile());
            }
        }
    }

    @Test
    @Order(1)
    void theDemoPublishesEveryOutputAndDeadLettersExactlyTheInjectedRecords() throws Exception {
        assertThat(following).as("the demo follows (exit %s)", exit.get()).isNotNull();
        assertThat(following.consistent()).as("summary consistent and unit-stats, monitor agree with it").isTrue();
        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(s.get("entities").asLong()).isEqualTo(ENTITIES);
        assertThat(s.get("injectedBad").asLong()).isEqualTo(40);
        assertThat(s.get("deadLetters").asLong()).isEqualTo(40);
        long classes = 0;
        for (JsonNode c : s.get("classes")) {
            classes += c.asLong();
        }
        assertThat(classes).isEqualTo(ENTITIES);
        assertThat(s.get("claimRate").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(s.get("claimByMethod").get("STANDARD_ADDRESS").asLong()).isPositive();
        assertThat(s.get("claimAccuracy").asDouble()).isGreaterThanOrEqualTo(0.999);
        assertThat(s.get("unclaimedWithoutRequest").asLong()).isZero();
        assertThat(s.get("caseCandidates").get("opened").asLong()).isPositive();
        assertThat(s.get("caseCandidates").get("noUnitAndNoReason").asLong()).isZero();
        assertThat(s.get("caseCandidates").get("withCandidate").asLong()).isPositive();
        s.get("outputs").fields().forEachRemaining(e ->
                assertThat(e.getValue().asLong()).as("records in %s", e.getKey()).isPositive());
        assertThat(s.get("pools").get("prudent").asLong()).isPositive();
        assertThat(s.get("duplicates").get("profiles").asLong()).isZero();
        assertThat(s.get("duplicates").get("tasks").asLong()).isZero();
        assertThat(s.get("tasks").asLong()).isPositive();
        assertThat(s.get("tasksByPlan").size()).as("two plans six months apart").isEqualTo(2);
        assertThat(s.get("repeatRate").asDouble()).as("smart exclusion").isLessThanOrEqualTo(0.02);
        assertThat(s.get("draws").size()).as("both draws published").isEqualTo(2);
        JsonNode inspection = s.get("inspection");
        assertThat(inspection.get("inspectors").asLong()).as("the demo's library").isEqualTo(187 * 7);
        assertThat(inspection.get("assignments").asLong()).as("two per department team")
                .isGreaterThan(3 * s.get("tasks").asLong());
        assertThat(inspection.get("unfitAssignments").asLong()).isZero();
        assertThat(inspection.get("inclusiveABDrawn").asLong()).isZero();
        long published = 0;
        for (JsonNode n : inspection.get("resultsPublished")) {
            published += n.asLong();
        }
        assertThat(inspection.get("resultsReported").asLong()).as("results of December visits").isPositive()
                .isEqualTo(published);
        assertThat(inspection.get("resultsUnmatched").asLong()).as("each published once").isZero();
        s.get("draws").forEach(d -> assertThat(d.get("drawn").get("A").asLong())
                .isLessThanOrEqualTo(d.get("eligible").get("A").asLong()));
        assertThat(s.get("pools").get("inclusive").asLong()).isPositive();
    }

    /**
     * The SCRAM password and the key stores' password nowhere a person could read them: the log at INFO (which holds
     * the clients' and the broker listener's configuration, secrets {@code [hidden]}), the console, the summary,
     * Flink's web UI (job parameters, cluster configuration, job) and the monitor's snapshot. No credit code, name or
     * address (all Chinese in the city) in the log at INFO.
     */
    @Test
    @Order(2)
    void noSecretAndNoPersonalDataWhereAPersonCouldReadThem() throws Exception {
        assertThat(following).as("the demo follows (exit %s)", exit.get()).isNotNull();
        List<String> secrets = secrets(following);
        assertThat(demo.kafkaSecrets()).as("the SCRAM user's and the key stores' passwords").hasSize(2)
                .containsExactlyInAnyOrderElementsOf(secrets.stream().distinct().toList());
        String text = log.text();
        assertThat(text).as("the log is at INFO and holds the clients' configuration")
                .contains("security.protocol = SASL_SSL").contains("sasl.mechanism = SCRAM-SHA-512")
                .contains("sasl.jaas.config = [hidden]").contains("ssl.keystore.password = [hidden]");
        String summary = Files.readString(json);
        for (String secret : secrets) {
            assertThat(text).as("log").doesNotContain(secret);
            assertThat(console.toString(StandardCharsets.UTF_8)).as("console").doesNotContain(secret);
            assertThat(summary).as("summary").doesNotContain(secret);
        }
        noSecretInTheWebUi(following, secrets);

        System.out.printf("DemoIT: %,d log lines at INFO searched%n", log.lines());
        assertThat(log.creditCodes()).as("credit codes in the log").isEmpty();
        assertThat(log.chineseText()).as("names or addresses in the log").isEmpty();
    }

    @Test
    @Order(3)
    void thePageDrawsTheCityLiveAndFollowsAnInjectedEvent() throws Exception {
        Assumptions.assumeTrue(browserInstalled(), "the monitor page's test needs Debian's chromium and "
                + "chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium "
                + "chromium-driver fonts-noto-cjk (.ci/run does)");
        assertThat(following).as("the demo follows (exit %s)", exit.get()).isNotNull();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebDriver page = browser;
        // The page took the city's figures as they came (the registrations, the year's events, two draws, results:
        // a record every 2 s while something changes), not once at the end.
        assertThat(cityVersions).as("versions of the city's figures the page showed while the demo ran")
                .hasSizeGreaterThan(2);

        await("the live badge", Duration.ofSeconds(30), () -> "live".equals(js.executeScript(
                "return window.creditgrid && window.creditgrid.live()")));
        assertThat(page.findElement(By.id("live")).getText()).contains("实时");
        assertThat(((Number) js.executeScript("return creditgrid.unitRegions()")).intValue()).isEqualTo(187);
        assertThat(((Number) js.executeScript("return creditgrid.unitShapes()")).intValue()).isEqualTo(187);
        // The map is drawn as SVG: a path per unit polygon (a unit may have several) and per district outline.
        assertThat(page.findElements(By.cssSelector("#map svg path")).size()).isGreaterThanOrEqualTo(187 + 11);
        // The strip shows the summary's figures once the last statistics are in.
        await("the summary's figures on the page", Duration.ofSeconds(30),
                () -> kpi(page, "kpi-enterprises") == following.enterprises());
        assertThat(following.enterprises()).isBetween(ENTITIES * 9L / 10, (long) ENTITIES); // some deregister
        for (String c : List.of("A", "B", "C", "D")) {
            assertThat(kpi(page, "kpi-" + c)).as("class %s", c).isEqualTo(following.classes().get(c));
        }
        assertThat(kpi(page, "kpi-drawn")).isEqualTo(following.tasks());
        assertThat(kpi(page, "kpi-cases")).isEqualTo(following.openCases());
        // The colour scale is labelled in the measure's unit (C+D share: percentages).
        assertThat(page.findElements(By.cssSelector("#map svg text")).stream().map(e -> e.getText()))
                .anySatisfy(text -> assertThat(text).endsWith("%"));

        // An abnormal-list entry for a class A or B enterprise of a unit: its unit's figures must change.
        EnterpriseProfile target = anEnterpriseToRaise(following.kafka());
        String unit = target.getUnitId();
        js.executeScript("creditgrid.openUnit(arguments[0])", unit);
        String before = page.findElement(By.id("unit")).getText();
        long version = ((Number) js.executeScript("return creditgrid.figure(arguments[0]).version", unit))
                .longValue();
        inject(following.kafka(), target);
        await("unit " + unit + " to change on the page", Duration.ofSeconds(60), () -> ((Number) js.executeScript(
                "return creditgrid.figure(arguments[0]).version", unit)).longValue() > version
                && !page.findElement(By.id("unit")).getText().equals(before));
        assertThat(page.findElement(By.id("unit")).getText()).isNotEqualTo(before);

        js.executeScript("creditgrid.openUnit(arguments[0])", "440106022");
        Thread.sleep(1500); // one more tick of the page (it draws once a second)
        Path shot = Path.of("target/monitor.png");
        Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(shot)).isPositive();

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).as("console errors").isEmpty();
    }

    private static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A KPI's figure as the page shows it (grouped digits). */
    private static long kpi(WebDriver page, String id) {
        String text = page.findElement(By.id(id)).getText().replace(",", "");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1600,1350", "--lang=zh-CN");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * Flink's web UI shows the job's Kafka settings as job parameters, but never a secret, nor does the cluster's
     * configuration or the monitor's snapshot.
     */
    private static void noSecretInTheWebUi(Demo.Following following, List<String> secrets) throws Exception {
        assertThat(following.kafka().getProperty("security.protocol")).isEqualTo("SASL_SSL");
        ObjectMapper json = new ObjectMapper();
        String jobs = get(following.flinkRest() + "/jobs/overview");
        String jobId = json.readTree(jobs).path("jobs").get(0).path("jid").asText();
        String config = get(following.flinkRest() + "/jobs/" + jobId + "/config");
        JsonNode user = json.readTree(config).path("execution-config").path("user-config");
        assertThat(user.path("kafka.security.protocol").asText()).as("job parameters: %s", user)
                .isEqualTo("SASL_SSL");
        // Hidden twice over: by CreditGrid ("[hidden]") before Flink's web UI hides what it thinks sensitive.
        assertThat(user.path("kafka.ssl.keystore.password").asText()).as("job parameters: %s", user)
                .isIn("[hidden]", "******");
        assertThat(user.path("kafka.sasl.jaas.config").asText()).as("job parameters: %s", user)
                .isIn("[hidden]", "******");
        for (String page : List.of(config, get(following.flinkRest() + "/jobmanager/config"),
                get(following.flinkRest() + "/jobs/" + jobId), get(following.monitorAddress() + "api/snapshot"))) {
            for (String secret : secrets) {
                assertThat(page).doesNotContain(secret);
            }
        }
    }

    /** The secret values of the clients' settings; of the JAAS line, the password it holds. */
    private static List<String> secrets(Demo.Following following) {
        java.util.Properties kafka = following.kafka();
        java.util.regex.Pattern password = java.util.regex.Pattern.compile("password=\"([^\"]+)\"");
        return kafka.stringPropertyNames().stream().filter(KafkaClientProperties::secret).map(kafka::getProperty)
                .map(v -> {
                    java.util.regex.Matcher m = password.matcher(v);
                    return m.find() ? m.group(1) : v;
                }).toList();
    }

    private static String get(String url) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    /** The latest profile of a claimed class A or B enterprise. */
    private static EnterpriseProfile anEnterpriseToRaise(java.util.Properties kafka) {
        AvroCodec<EnterpriseProfile> codec = AvroCodec.of(EnterpriseProfile.class);
        Map<String, EnterpriseProfile> latest = new HashMap<>();
        CommittedReader.readAll(kafka, Topics.defaults().profiles(), r -> {
            if (r.value() != null) {
                EnterpriseProfile p = Summary.decode(codec, r.value());
                latest.merge(p.getCreditCode(), p, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
            }
        });
        return latest.values().stream()
                .filter(p -> p.getUnitId() != null && (p.getRiskClass() == RiskClass.A || p.getRiskClass() == RiskClass.B))
                .min(java.util.Comparator.comparing(EnterpriseProfile::getCreditCode)).orElseThrow();
    }

    private static void inject(java.util.Properties kafka, EnterpriseProfile p) throws Exception {
        Instant at = p.getEventTime().plus(Duration.ofHours(1));
        EnforcementEvent e = EnforcementEvent.newBuilder().setEventId("demo-it-" + p.getCreditCode())
                .setCreditCode(p.getCreditCode()).setEventTime(at).setDepartment("SAMR")
                .setKind(EventKind.ABNORMAL_LIST_ADDED).setDetail(new AbnormalListing(AbnormalReason.NO_ANNUAL_REPORT))
                .build();
        try (KafkaRecordSink sink = new KafkaRecordSink(kafka, 0)) {
            sink.send(Topics.defaults().events(), p.getCreditCode().getBytes(StandardCharsets.UTF_8),
                    AvroCodec.of(EnforcementEvent.class).encode(e), at.toEpochMilli());
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    /** Writes to the real stream and keeps a copy. */
    private static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
