package org.creditgrid.local;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.creditgrid.pipeline.CreditGridConfig;

/** A progress line on stderr: records in, processed (covered by a checkpoint), written out, rate. */
final class DemoProgress {
    private final Admin admin;
    private final CreditGridConfig config;
    private final AtomicLong produced;
    private final Thread thread;
    private volatile boolean running = true;

    DemoProgress(Admin admin, CreditGridConfig config, AtomicLong produced) {
        this.admin = admin;
        this.config = config;
        this.produced = produced;
        this.thread = new Thread(this::loop, "demo-progress");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(2000);
        System.err.println();
    }

    private void loop() {
        long t0 = System.nanoTime();
        boolean tty = System.console() != null;
        long lastPrint = 0;
        while (running) {
            try {
                long in = produced.get();
                long processed = Math.max(0, in - Demo.lag(admin, config));
                long out = Demo.written(admin, config);
                double secs = (System.nanoTime() - t0) / 1e9;
                int width = 30;
                int filled = in == 0 ? 0 : (int) (width * Math.min(1.0, (double) processed / in));
                String line = String.format(Locale.ROOT,
                        "[%s%s] in %,d  processed %,d  out %,d  %,.0f records/s",
                        "#".repeat(filled), " ".repeat(width - filled), in, processed, out, processed / secs);
                if (tty) {
                    System.err.print("\r" + line);
                } else if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                    System.err.println(line);
                    lastPrint = System.nanoTime();
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the broker is shutting down; the next tick or the end of the demo will tell
            }
        }
    }
}
