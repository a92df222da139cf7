package org.creditgrid.local.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.creditgrid.pipeline.Topics;

/**
 * {@code creditgrid monitor}: the supervision monitor's page on the JDK's HTTP server, bound to 127.0.0.1. Serves
 * the page ({@code /}), its script and style, ECharts from its WebJar, the grid's unit and district polygons
 * ({@code /geo/units.json}, {@code /geo/districts.json}: the job's own GeoJSON, GCJ-02), the current view
 * ({@code /api/snapshot}) and a server-sent event stream ({@code /events}: {@code snapshot} once, then {@code stats},
 * {@code trigger}, {@code outcomes} and, every two seconds, {@code pipeline}). Everything it shows comes from the
 * committed output topics ({@link MonitorFeed}); it writes nothing anywhere.
 */
public final class MonitorServer implements AutoCloseable {

    private static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final Map<String, String> ASSETS = Map.of(
            "/", "monitor/index.html",
            "/monitor.js", "monitor/monitor.js",
            "/monitor.css", "monitor/monitor.css",
            "/assets/echarts.min.js", ECHARTS,
            "/geo/units.json", "grid/guangzhou-units-gcj02.geojson",
            "/geo/districts.json", "grid/guangzhou-districts-gcj02.geojson");

    private final HttpServer http;
    /** At most this many pages follow the stream at once (each holds a thread); more get 503 and retry. */
    static final int MAX_STREAMS = 32;

    private final ExecutorService handlers = Executors.newFixedThreadPool(MAX_STREAMS + 4,
            r -> daemon(r, "monitor-http"));
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "monitor-pipeline"));
    /** Each following page's queue of messages, and its exchange (closed to free its thread if it falls behind). */
    private final Map<BlockingQueue<String>, HttpExchange> clients = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final CityView view = new CityView();
    private final MonitorFeed feed;
    private final PipelineProbe probe;
    private volatile Map<String, Object> pipeline = Map.of();

    /**
     * @param port       0 for any free port
     * @param kafka      the brokers and client settings
     * @param flinkRest  the Flink REST address for the pipeline strip, or null
     */
    public MonitorServer(int port, java.util.Properties kafka, Topics topics, String flinkRest) throws IOException {
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        this.feed = new MonitorFeed(kafka, topics, view, this::broadcast);
        this.probe = new PipelineProbe(flinkRest, kafka);
        http.setExecutor(handlers);
        http.createContext("/", this::asset);
        http.createContext("/api/snapshot", ex -> send(ex, 200, "application/json", json.writeValueAsBytes(snapshot())));
        http.createContext("/events", this::events);
    }

    /** Starts the feed and the server; returns the page's address. */
    public String start() {
        feed.start();
        http.start();
        ticks.scheduleWithFixedDelay(() -> {
            Map<String, Object> p = probe.read();
            p.put("undecodable", feed.undecodable());
            pipeline = p;
            broadcast("pipeline", p);
        }, 0, 2, TimeUnit.SECONDS);
        return address();
    }

    public String address() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/";
    }

    /** The view the page draws from (for the demo's comparison and tests). */
    public CityView view() {
        return view;
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> s = view.snapshot();
        s.put("pipeline", pipeline);
        return s;
    }

    private void broadcast(String event, Map<String, Object> data) {
        String message;
        try {
            message = "event: " + event + "\ndata: " + json.writeValueAsString(data) + "\n\n";
        } catch (IOException e) {
            return;
        }
        for (Map.Entry<BlockingQueue<String>, HttpExchange> c : clients.entrySet()) {
            if (!c.getKey().offer(message)) {
                // A page this far behind (or one that stopped reading, its writer blocked) is cut off: closing the
                // exchange frees its thread; the browser reconnects and starts again from a snapshot.
                clients.remove(c.getKey());
                c.getValue().close();
            }
        }
    }

    private void events(HttpExchange ex) throws IOException {
        if (clients.size() >= MAX_STREAMS) {
            send(ex, 503, "text/plain", "too many pages follow this monitor".getBytes(StandardCharsets.UTF_8));
            return;
        }
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(10_000);
        clients.put(queue, ex);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(("retry: 2000\nevent: snapshot\ndata: " + json.writeValueAsString(snapshot()) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (clients.containsKey(queue)) {
                String m = queue.poll(15, TimeUnit.SECONDS);
                out.write((m == null ? ": keep-alive\n\n" : m).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException gone) {
            // the page closed or reloaded
        } finally {
            clients.remove(queue);
        }
    }

    private void asset(HttpExchange ex) throws IOException {
        String resource = ASSETS.get(ex.getRequestURI().getPath());
        if (resource == null) {
            send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = MonitorServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                send(ex, 500, "text/plain", ("missing resource " + resource).getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, contentType(resource), in.readAllBytes());
        }
    }

    private static String contentType(String resource) {
        return resource.endsWith(".html") ? "text/html; charset=utf-8"
                : resource.endsWith(".js") ? "text/javascript; charset=utf-8"
                : resource.endsWith(".css") ? "text/css; charset=utf-8" : "application/json";
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() throws Exception {
        ticks.shutdownNow();
        http.stop(0);
        handlers.shutdownNow();
        feed.close();
        probe.close();
    }
}
