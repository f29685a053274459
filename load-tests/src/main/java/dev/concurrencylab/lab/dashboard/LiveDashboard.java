package dev.concurrencylab.lab.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.bench.LiveRunFile;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.StateStore;

/**
 * The lab's live page on loopback: {@code /} (one static page, no build step, nothing fetched from
 * elsewhere), {@code /uplot.js} and {@code /uplot.css} (the chart library, from its WebJar on the
 * classpath), {@code /events} (a server-sent-events stream, one {@link LiveSnapshot} a second) and
 * {@code /snapshot} (the latest one). The lab's state is read again every second, so replicas a
 * scale adds appear without a reload. Ends by itself when the lab has been down for 10 s.
 */
public final class LiveDashboard implements AutoCloseable {

    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final int SECONDS_WITHOUT_A_LAB = 10;

    private final StateStore state;
    private final LiveRunFile bench;
    private final LiveSampler sampler = new LiveSampler();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Sinks.Many<String> snapshots = Sinks.many().replay().latest();
    private final AtomicReference<String> latest = new AtomicReference<>("{}");
    private final AtomicInteger secondsWithoutALab = new AtomicInteger();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("lab-dashboard-sampler").factory());
    private final DisposableServer server;

    private LiveDashboard(Path labDir, int port) {
        this.state = new StateStore(labDir);
        this.bench = new LiveRunFile(labDir);
        byte[] page = resource("dashboard/index.html");
        byte[] script = resource(UPLOT + "uPlot.iife.min.js");
        byte[] style = resource(UPLOT + "uPlot.min.css");
        this.server = HttpServer.create().host("127.0.0.1").port(port)
                .route(routes -> routes
                        .get("/", (request, response) -> file(response, "text/html; charset=utf-8", page))
                        .get("/uplot.js", (request, response) -> file(response, "text/javascript", script))
                        .get("/uplot.css", (request, response) -> file(response, "text/css", style))
                        .get("/snapshot", (request, response) -> response.header("Content-Type", "application/json")
                                .header("Cache-Control", "no-store").sendString(Mono.fromSupplier(latest::get)))
                        .get("/events", (request, response) -> response.header("Content-Type", "text/event-stream")
                                .header("Cache-Control", "no-store")
                                .sendString(snapshots.asFlux().map(snapshot -> "data: " + snapshot + "\n\n"))))
                .bindNow(Duration.ofSeconds(10));
    }

    /** Serves on {@code port} (0: any free one) and samples the lab every second. */
    public static LiveDashboard start(Path labDir, int port) {
        LiveDashboard dashboard;
        try {
            dashboard = new LiveDashboard(labDir, port);
        } catch (LabException unusable) {
            throw unusable;
        } catch (RuntimeException bindFailed) {
            throw new LabException("the dashboard cannot listen on 127.0.0.1:%d (%s); choose another port, or 0 for any free one"
                    .formatted(port, bindFailed.getMessage()));
        }
        dashboard.clock.scheduleAtFixedRate(dashboard::tick, 0, 1, TimeUnit.SECONDS);
        return dashboard;
    }


    public String url() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** Blocks until the server ends (the lab went down, or {@link #close()}). */
    public void awaitEnd() {
        server.onDispose().block();
    }

    private void tick() {
        try {
            Optional<LabState> lab = state.load();
            if (lab.isEmpty() || lab.get().processes().stream().noneMatch(process -> process.isAlive())) {
                if (secondsWithoutALab.incrementAndGet() >= SECONDS_WITHOUT_A_LAB) {
                    close();
                }
                return;
            }
            secondsWithoutALab.set(0);
            String snapshot = json.writeValueAsString(sampler.sample(lab.get(), bench.current().orElse(null)));
            latest.set(snapshot);
            snapshots.tryEmitNext(snapshot);
        } catch (RuntimeException oneSecondLost) {
            // a state file being replaced, a process going away: the next second is taken afresh
        }
    }

    private static Mono<Void> file(HttpServerResponse response, String type, byte[] content) {
        return response.header("Content-Type", type).sendByteArray(Flux.just(content)).then();
    }

    private static byte[] resource(String name) {
        try (InputStream in = LiveDashboard.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new LabException("the lab's build is incomplete: " + name + " is missing from its classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        snapshots.tryEmitComplete();
        server.disposeNow(Duration.ofSeconds(5));
    }
}
