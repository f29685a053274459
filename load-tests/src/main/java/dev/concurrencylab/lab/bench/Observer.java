package dev.concurrencylab.lab.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.concurrencylab.lab.report.BenchResults.Observed;
import dev.concurrencylab.lab.report.BenchResults.ProcessSample;
import dev.concurrencylab.lab.topology.ResidentMemory;

/**
 * Every second of a run, reads each process's {@code /actuator/prometheus} (all at once, each with a
 * 900 ms limit, so a slow process leaves a gap rather than shifting the clock) and this machine's
 * CPU. One daemon thread; reading costs the processes about one small request per second each.
 */
final class Observer implements AutoCloseable {

    private static final Duration SCRAPE_TIMEOUT = Duration.ofMillis(900);
    private static final String PENDING_TASKS = "reactor_netty_eventloop_pending_tasks";
    private static final String EVENT_LOOP_LAG = "lab_eventloop_lag_seconds";
    /** Requests waiting for a connection to downstream: Apache HttpClient's pool (mvc, virtual), Reactor Netty's (webflux). */
    private static final String APACHE_POOL_PENDING = "httpcomponents_httpclient_pool_total_pending";
    private static final String REACTOR_POOL_PENDING = "reactor_netty_connection_provider_pending_connections";
    /** Only these series are rendered: a full page (latency histograms) costs a busy process ten times more. */
    private static final String SCRAPE_PATH = "/actuator/prometheus?includedNames=process_cpu_usage,jvm_memory_used_bytes,"
            + "jvm_threads_live_threads,jvm_threads_virtual_live_threads,lab_requests_inflight,lab_cache_requests,lab_cache_requests_total,"
            + PENDING_TASKS + "," + EVENT_LOOP_LAG + "," + APACHE_POOL_PENDING + "," + REACTOR_POOL_PENDING;

    private final Supplier<List<ObservedProcess>> processes;
    private final Supplier<Map<String, ProcessSample>> containers;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(SCRAPE_TIMEOUT).build();
    private final MachineCpu machineCpu = new MachineCpu();
    private final List<Observed> observed = new ArrayList<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lab-observer");
        thread.setDaemon(true);
        return thread;
    });
    private int second;

    /**
     * @param processes the deployment's processes, read each second (a scale during the run adds some)
     * @param containers the latest per-container samples (Docker), by container name; read each second
     */
    Observer(Supplier<List<ObservedProcess>> processes, Supplier<Map<String, ProcessSample>> containers) {
        this.processes = processes;
        this.containers = containers;
    }

    /** Observes every second once {@code delay} (the warm-up) has passed. */
    void start(Duration delay) {
        clock.schedule(machineCpu::sample, delay.toMillis(), TimeUnit.MILLISECONDS);
        clock.scheduleAtFixedRate(this::observe, delay.toMillis() + 1000, 1000, TimeUnit.MILLISECONDS);
    }

    /** The latest sample, for the live progress line. */
    synchronized Observed latest() {
        return observed.isEmpty() ? null : observed.getLast();
    }

    synchronized List<Observed> observed() {
        return List.copyOf(observed);
    }

    @Override
    public void close() {
        clock.shutdownNow();
        http.close();
    }

    private void observe() {
        Double cpu = machineCpu.sample();
        Map<String, CompletableFuture<ProcessSample>> pending = new LinkedHashMap<>();
        for (ObservedProcess process : processes.get()) {
            pending.put(process.name(), scrape(process));
        }
        Map<String, ProcessSample> samples = new LinkedHashMap<>();
        pending.forEach((name, sample) -> {
            ProcessSample value = sample.join();
            if (value != null) {
                samples.put(name, value);
            }
        });
        containers.get().forEach((name, sample) -> samples.put("docker/" + name, sample));
        synchronized (this) {
            observed.add(new Observed(++second, cpu, samples));
        }
    }

    private CompletableFuture<ProcessSample> scrape(ObservedProcess process) {
        HttpRequest request = HttpRequest.newBuilder(process.managementUrl().resolve(SCRAPE_PATH))
                .timeout(SCRAPE_TIMEOUT).header("Accept", "text/plain").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 200 ? sample(process, PrometheusText.parse(response.body())) : null)
                .exceptionally(unreachable -> null);
    }

    private static Double millis(Double seconds) {
        return seconds == null ? null : seconds * 1000;
    }

    private static Double poolPending(PrometheusText page) {
        Double apache = page.sum(APACHE_POOL_PENDING);
        return apache != null ? apache : page.sum(REACTOR_POOL_PENDING, labels -> labels.contains("name=\"downstream\""));
    }

    private static ProcessSample sample(ObservedProcess process, PrometheusText page) {
        OptionalLong resident = process.pid() == null ? OptionalLong.empty() : ResidentMemory.of(process.pid());
        Double rss = resident.isPresent() ? (double) resident.getAsLong() : null;
        return new ProcessSample(process.role(), page.sum("process_cpu_usage"),
                page.sum("jvm_memory_used_bytes", labels -> labels.contains("area=\"heap\"")), rss,
                page.sum("jvm_threads_live_threads"), page.sum("jvm_threads_virtual_live_threads"),
                page.sum("lab_requests_inflight"),
                page.sum("lab_cache_requests_total", labels -> !labels.contains("result=\"miss\"") && !labels.contains("result=\"bypass\"")),
                page.sum("lab_cache_requests_total", labels -> labels.contains("result=\"miss\"")),
                page.sum(PENDING_TASKS), page.count(PENDING_TASKS), millis(page.max(EVENT_LOOP_LAG)), poolPending(page), "actuator");
    }
}
