package org.creditgrid.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.creditgrid.identity.CreditCode;

/**
 * Every log line of this JVM at INFO and above (Flink, Kafka's broker and clients, CreditGrid), with stack traces,
 * written to a file while open: what an operator's log would hold at the default level.
 */
public final class CapturedLog implements AutoCloseable {

    /** A GB 32100 code: 18 characters of its alphabet; {@link #creditCodes} keeps those whose check character holds. */
    private static final Pattern CODE = Pattern.compile("(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}+");

    private final Path file;
    private final FileAppender appender;
    private final Level rootBefore;

    public CapturedLog(Path file) {
        this.file = file;
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = FileAppender.newBuilder().setName("captured-" + file.getFileName()).withFileName(file.toString())
                .withAppend(false)
                .setLayout(PatternLayout.newBuilder().withPattern("%d{ISO8601} %-5p [%t] %c - %m%n%throwable")
                        .withConfiguration(config).build())
                .setConfiguration(config).build();
        appender.start();
        config.addAppender(appender);
        rootBefore = config.getRootLogger().getLevel();
        config.getRootLogger().addAppender(appender, Level.INFO, null);
        config.getRootLogger().setLevel(Level.INFO);
        context.updateLoggers();
    }

    public String text() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    public long lines() throws IOException {
        try (var l = Files.lines(file, StandardCharsets.UTF_8)) {
            return l.count();
        }
    }

    /** Valid unified social credit codes in the log. */
    public List<String> creditCodes() throws IOException {
        List<String> found = new ArrayList<>();
        Matcher m = CODE.matcher(text());
        while (m.find()) {
            if (CreditCode.isValid(m.group())) {
                found.add(m.group());
            }
        }
        return found;
    }

    /** Chinese text in the log: every name and address of the city is Chinese, and no log message is. */
    public List<String> chineseText() throws IOException {
        List<String> found = new ArrayList<>();
        Matcher m = HAN.matcher(text());
        while (m.find() && found.size() < 20) {
            found.add(m.group());
        }
        return found;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        config.getRootLogger().setLevel(rootBefore);
        context.updateLoggers();
        appender.stop();
    }
}
