package org.creditgrid.local.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.local.CommittedReader;
import org.creditgrid.local.Demo;
import org.creditgrid.local.Summary;
import org.creditgrid.local.generate.KafkaRecordSink;
import org.creditgrid.pipeline.Topics;
import org.creditgrid.schema.AbnormalListing;
import org.creditgrid.schema.AbnormalReason;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.RiskClass;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
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
 * {@code creditgrid demo --monitor --follow}, small, in a real browser: Debian's headless Chromium driven by its
 * chromedriver through Selenium (the system binaries; nothing is downloaded). The page must draw the 187 units of the
 * grid, show the live badge, agree with the demo's summary, log no console error, and show a unit's figures change
 * after an event injected into the running job reaches {@code unit-stats}. Saves {@code target/monitor.png} (the
 * README's screenshot). Without Chromium the test is skipped and says why; {@code .ci/run} installs it.
 */
class MonitorIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    @Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
    void thePageDrawsTheCityLiveAndFollowsAnInjectedEvent() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "MonitorIT needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver fonts-noto-cjk (.ci/run does)");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        org.creditgrid.local.CapturedLog log = new org.creditgrid.local.CapturedLog(Path.of("target/monitor-it.log"));
        Demo demo = new Demo(new Demo.Options(3_000, 5, 2025, 0, true, null, Duration.ofMinutes(5), true, port,
                org.creditgrid.local.EmbeddedKafka.Security.TLS));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread running = new Thread(() -> {
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
        WebDriver browser = null;
        try {
            // The page opens as soon as the monitor is up, and fills as the city streams in.
            await("the monitor", Duration.ofMinutes(2), () -> demo.monitorAddress() != null || exit.get() >= 0);
            browser = chromium();
            browser.get(demo.monitorAddress());
            JavascriptExecutor js = (JavascriptExecutor) browser;
            WebDriver page = browser;
            java.util.SortedSet<Long> seen = new java.util.TreeSet<>(); // versions of the city's record shown
            while (demo.following() == null && exit.get() < 0) {
                Object city = js.executeScript("return window.creditgrid && window.creditgrid.figure('city')"
                        + " && window.creditgrid.figure('city').version");
                if (city instanceof Number n) {
                    seen.add(n.longValue());
                }
                Thread.sleep(500);
            }
            Demo.Following following = demo.following();
            assertThat(following).as("the demo follows (exit %s)", exit.get()).isNotNull();
            assertThat(following.consistent()).as("summary consistent and unit-stats, monitor agree with it").isTrue();
            // The page took the city's figures as they came (the registrations, the year's events, two draws, results:
            // a record every 2 s while something changes), not once at the end.
            assertThat(seen).as("versions of the city's figures the page showed while the demo ran").hasSizeGreaterThan(2);
            noSecretInTheWebUi(following);
            // The broker's TLS listener and every client hold the key store's password: Kafka logs them [hidden].
            String logged = log.text();
            assertThat(logged).contains("ssl.keystore.password = [hidden]");
            for (String secret : secrets(following)) {
                assertThat(logged).as("log at INFO").doesNotContain(secret);
            }

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
            assertThat(following.enterprises()).isBetween(2_900L, 3_000L); // some deregister in the year
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
        } finally {
            if (browser != null) {
                browser.quit();
            }
            running.interrupt();
            running.join(60_000);
            log.close();
        }
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
     * The demo runs over mutual TLS: Flink's web UI shows the job's Kafka settings as job parameters, but never the key
     * store's password, nor does the cluster's configuration or the monitor's snapshot.
     */
    private static void noSecretInTheWebUi(Demo.Following following) throws Exception {
        assertThat(following.kafka().getProperty("security.protocol")).isEqualTo("SSL");
        List<String> secrets = secrets(following);
        assertThat(secrets).as("the TLS key store's passwords").isNotEmpty();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String jobs = get(following.flinkRest() + "/jobs/overview");
        String jobId = json.readTree(jobs).path("jobs").get(0).path("jid").asText();
        String config = get(following.flinkRest() + "/jobs/" + jobId + "/config");
        com.fasterxml.jackson.databind.JsonNode user = json.readTree(config).path("execution-config").path("user-config");
        assertThat(user.path("kafka.security.protocol").asText()).as("job parameters: %s", user).isEqualTo("SSL");
        // Hidden twice over: by CreditGrid ("[hidden]") before Flink's web UI hides what it thinks sensitive.
        assertThat(user.path("kafka.ssl.keystore.password").asText()).as("job parameters: %s", user)
                .isIn("[hidden]", "******");
        for (String page : List.of(config, get(following.flinkRest() + "/jobmanager/config"),
                get(following.flinkRest() + "/jobs/" + jobId), get(following.monitorAddress() + "api/snapshot"))) {
            for (String secret : secrets) {
                assertThat(page).doesNotContain(secret);
            }
        }
    }

    private static List<String> secrets(Demo.Following following) {
        java.util.Properties kafka = following.kafka();
        return kafka.stringPropertyNames().stream()
                .filter(org.creditgrid.pipeline.KafkaClientProperties::secret).map(kafka::getProperty).toList();
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
        EnforcementEvent e = EnforcementEvent.newBuilder().setEventId("monitor-it-" + p.getCreditCode())
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
}
