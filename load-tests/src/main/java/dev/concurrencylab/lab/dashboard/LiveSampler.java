package dev.concurrencylab.lab.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import dev.concurrencylab.lab.bench.LiveRun;
import dev.concurrencylab.lab.bench.PrometheusText;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.LabState;
import dev.concurrencylab.lab.topology.ResidentMemory;
import dev.concurrencylab.launcher.Service;

/**
 * Takes the live page's snapshot each second: reads every process's {@code /actuator/prometheus}
 * (the series the page shows only), and turns counters and histogram buckets into the last
 * second's rates and percentiles by the difference from the previous scrape. The replicas' own
 * request histograms (actuator requests left out); for the gateway, its {@code lab.gateway.requests}.
 */
final class LiveSampler {

    private static final Duration SCRAPE_TIMEOUT = Duration.ofMillis(900);
    private static final String REPLICA_REQUESTS = "http_server_requests_seconds";
    private static final String GATEWAY_REQUESTS = "lab_gateway_requests_seconds";
    private static final String SCRAPE_PATH = "/actuator/prometheus?includedNames=" + String.join(",",
            REPLICA_REQUESTS, REPLICA_REQUESTS + "_bucket", REPLICA_REQUESTS + "_count",
            GATEWAY_REQUESTS, GATEWAY_REQUESTS + "_bucket", GATEWAY_REQUESTS + "_count",
            "lab_requests_inflight", "jvm_threads_live_threads", "jvm_threads_virtual_live_threads", "process_cpu_usage",
            "lab_cache_requests", "lab_cache_requests_total", "lab_cache_entries", "lab_cache_bytes");
    /** Requests the apps served, not the scrapes of their actuator (a management port of their own). */
    private static final Predicate<String> NOT_ACTUATOR = labels -> !labels.contains("uri=\"/actuator");
    private static final Predicate<String> SERVER_ERROR = labels -> NOT_ACTUATOR.test(labels) && labels.contains("status=\"5");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(SCRAPE_TIMEOUT).build();
    /** Each process's previous scrape, by name: the rates of a second are differences from it. */
    private final Map<String, Counters> previous = new HashMap<>();

    /** One scrape's counters: requests, server errors, the latency buckets, cache hits and misses. */
    private record Counters(long nanos, double requests, double errors, SortedMap<Double, Double> buckets, double hits,
            double misses) {
    }

    /** The snapshot of the lab now, with the bench's current run if one runs (called once a second, from one thread). */
    LiveSnapshot sample(LabState state, LiveRun bench) {
        Map<LabProcess, CompletableFuture<Optional<PrometheusText>>> scrapes = new LinkedHashMap<>();
        for (LabProcess process : state.processes()) {
            scrapes.put(process, scrape(process));
        }
        List<LiveSnapshot.Process> processes = new ArrayList<>();
        Map<String, List<Interval>> byVariant = new LinkedHashMap<>();
        LiveSnapshot.Cache cache = null;
        for (Map.Entry<LabProcess, CompletableFuture<Optional<PrometheusText>>> entry : scrapes.entrySet()) {
            LabProcess process = entry.getKey();
            Optional<PrometheusText> page = entry.getValue().join();
            String role = process.role();
            Interval interval = page.map(text -> interval(process, role, text)).orElse(null);
            processes.add(process(process, role, page.orElse(null), interval));
            if (interval != null && process.service().variant().isPresent()) {
                byVariant.computeIfAbsent(role, variant -> new ArrayList<>()).add(interval);
            }
            if (process.service() == Service.GATEWAY && page.isPresent()) {
                cache = cache(page.get(), interval);
            }
        }
        previous.keySet().retainAll(state.processes().stream().map(LabProcess::name).toList());
        List<LiveSnapshot.Variant> variants = new ArrayList<>();
        for (Service service : Service.variants()) {
            String variant = service.variant().orElseThrow();
            List<Interval> intervals = byVariant.getOrDefault(variant, List.of());
            long replicas = state.replicasOf(service).stream().filter(LabProcess::isAlive).count();
            if (replicas > 0) {
                variants.add(variant(variant, (int) replicas, intervals, processes));
            }
        }
        return new LiveSnapshot(System.currentTimeMillis(), processes, variants, cache, bench);
    }

    /** The difference of this scrape and the process's previous one; {@code null} on the first. */
    private record Interval(double seconds, double requests, double errors, SortedMap<Double, Double> buckets, double hits,
            double misses) {
    }

    private Interval interval(LabProcess process, String role, PrometheusText page) {
        String requests = "gateway".equals(role) ? GATEWAY_REQUESTS : REPLICA_REQUESTS;
        Counters now = new Counters(System.nanoTime(), orZero(page.sum(requests + "_count", NOT_ACTUATOR)),
                orZero(page.sum(requests + "_count", SERVER_ERROR)), page.buckets(requests, NOT_ACTUATOR),
                orZero(page.sum("lab_cache_requests_total", labels -> labels.contains("result=\"hit\""))),
                orZero(page.sum("lab_cache_requests_total", labels -> labels.contains("result=\"miss\""))));
        Counters before = previous.put(process.name(), now);
        if (before == null) {
            return null;
        }
        SortedMap<Double, Double> buckets = new TreeMap<>();
        now.buckets().forEach((bound, count) -> buckets.put(bound, Math.max(0, count - before.buckets().getOrDefault(bound, 0.0))));
        // a restarted process starts its counters again: no negative rates
        return new Interval((now.nanos() - before.nanos()) / 1e9, Math.max(0, now.requests() - before.requests()),
                Math.max(0, now.errors() - before.errors()), buckets, Math.max(0, now.hits() - before.hits()),
                Math.max(0, now.misses() - before.misses()));
    }

    private static LiveSnapshot.Process process(LabProcess process, String role, PrometheusText page, Interval interval) {
        Double rss = process.isAlive() ? ResidentMemory.of(process.pid()).stream().mapToDouble(bytes -> bytes).boxed()
                .findFirst().orElse(null) : null;
        if (page == null) {
            return new LiveSnapshot.Process(process.name(), role, process.isAlive(), null, null, null, null, null, null, null,
                    null, rss);
        }
        return new LiveSnapshot.Process(process.name(), role, process.isAlive(),
                interval == null ? null : interval.requests() / interval.seconds(),
                interval == null ? null : millis(HistogramQuantile.of(interval.buckets(), 0.50)),
                interval == null ? null : millis(HistogramQuantile.of(interval.buckets(), 0.99)),
                interval == null ? null : interval.errors() / interval.seconds(),
                page.sum("lab_requests_inflight"), page.sum("jvm_threads_live_threads"),
                page.sum("jvm_threads_virtual_live_threads"), page.sum("process_cpu_usage"), rss);
    }

    /** A variant's replicas together: their request counts added, their buckets merged. */
    private static LiveSnapshot.Variant variant(String variant, int replicas, List<Interval> intervals,
            List<LiveSnapshot.Process> processes) {
        double inFlight = processes.stream().filter(process -> variant.equals(process.role()) && process.inFlight() != null)
                .mapToDouble(LiveSnapshot.Process::inFlight).sum();
        if (intervals.isEmpty()) {
            return new LiveSnapshot.Variant(variant, replicas, null, null, null, null, inFlight);
        }
        SortedMap<Double, Double> buckets = new TreeMap<>();
        double requestsPerSecond = 0;
        double errorsPerSecond = 0;
        for (Interval interval : intervals) {
            interval.buckets().forEach((bound, count) -> buckets.merge(bound, count, Double::sum));
            requestsPerSecond += interval.requests() / interval.seconds();
            errorsPerSecond += interval.errors() / interval.seconds();
        }
        return new LiveSnapshot.Variant(variant, replicas, requestsPerSecond, millis(HistogramQuantile.of(buckets, 0.50)),
                millis(HistogramQuantile.of(buckets, 0.99)), errorsPerSecond, inFlight);
    }

    private static LiveSnapshot.Cache cache(PrometheusText page, Interval interval) {
        Double hitRatio = interval == null || interval.hits() + interval.misses() == 0 ? null
                : interval.hits() / (interval.hits() + interval.misses());
        return new LiveSnapshot.Cache(hitRatio, page.sum("lab_cache_entries"), page.sum("lab_cache_bytes"));
    }

    private CompletableFuture<Optional<PrometheusText>> scrape(LabProcess process) {
        if (!process.isAlive()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(process.managementUrl() + SCRAPE_PATH))
                .timeout(SCRAPE_TIMEOUT).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> response.statusCode() == 200 ? Optional.of(PrometheusText.parse(response.body()))
                        : Optional.<PrometheusText>empty())
                .exceptionally(unanswered -> Optional.empty());
    }

    private static Double millis(Double seconds) {
        return seconds == null ? null : seconds * 1000;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
