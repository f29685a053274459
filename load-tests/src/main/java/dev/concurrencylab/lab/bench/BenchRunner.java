package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.concurrencylab.lab.load.LoadGenerator;
import dev.concurrencylab.lab.load.LoadModel;
import dev.concurrencylab.lab.load.LoadResult;
import dev.concurrencylab.lab.report.BenchResults;
import dev.concurrencylab.lab.scenario.RequestMix;
import dev.concurrencylab.lab.scenario.Scenario;

/**
 * Runs the matrix, one cell after another: bring the deployment to the cell's setting, empty the
 * gateway's cache, pause (so one run's queues and garbage do not bleed into the next), warm up
 * (not counted), then measure while the {@link Observer} reads every process each second.
 * {@link #stop()} (Ctrl-C) ends the current run early and skips the rest; what was measured is kept.
 */
public final class BenchRunner {

    /** Users per variant while every variant warms up together. */
    private static final int WARMING_USERS = 32;
    /** I/O wait per request while warming: enough requests for the JIT, whatever the scenarios' waits. */
    private static final Duration WARMING_IO = Duration.ofMillis(10);

    private final BenchTarget target;
    private final BenchProgress progress;
    private final Duration pause;
    private final Duration warmEveryVariant;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<LoadGenerator> running = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> stoppedBecause = new AtomicReference<>();

    /**
     * @param pause quiet time between runs
     * @param warmEveryVariant before the first run, traffic to every variant at once (not measured):
     *     a JVM compiles its hot code for tens of seconds after it starts, and on a small machine that
     *     compilation would otherwise be charged to whichever variant is measured first
     */
    public BenchRunner(BenchTarget target, BenchProgress progress, Duration pause, Duration warmEveryVariant) {
        this.target = target;
        this.progress = progress;
        this.pause = pause;
        this.warmEveryVariant = warmEveryVariant;
    }

    public void stop() {
        stopped.countDown();
        running.forEach(LoadGenerator::stop);
    }

    /** Stops like {@link #stop()}, saying why: the run is marked with the reason, and the results carry it. */
    private void stopBecause(String reason) {
        if (stoppedBecause.compareAndSet(null, reason)) {
            stop();
        }
    }

    public BenchResults run(List<MatrixCell> cells) {
        Instant startedAt = Instant.now();
        List<BenchResults.Run> runs = new ArrayList<>();
        if (!target.changesDeployment()) {
            // refused before any load: a remote deployment cannot be killed, scaled or resized by the bench
            cells.forEach(target::checkCanRun);
        }
        if (!warmEveryVariant.isZero() && !cells.isEmpty()) {
            target.prepare(cells.getFirst());
            warmEveryVariant(cells);
        }
        for (int i = 0; i < cells.size() && !isStopped(); i++) {
            MatrixCell cell = cells.get(i);
            target.prepare(cell);
            target.checkCanRun(cell);
            target.purgeCache();
            if (i > 0 && pausedUntilStopped()) {
                break;
            }
            progress.starting(i + 1, cells.size(), cell);
            runs.add(measure(cell));
            progress.finished(runs.getLast());
            if (!cell.scenario().events().isEmpty() && stoppedBecause.get() == null) {
                progress.note("Bringing the deployment back to where it was before the run's events ...");
                target.restore();
            }
        }
        if (!isStopped()) {
            target.finish();
        }
        Runtime runtime = Runtime.getRuntime();
        return new BenchResults(BenchResults.SCHEMA, startedAt, target.base().toString(),
                new BenchResults.Machine(runtime.availableProcessors(),
                        System.getProperty("os.name") + " " + System.getProperty("os.version"),
                        System.getProperty("java.version")),
                List.copyOf(runs), stoppedBecause.get());
    }

    private BenchResults.Run measure(MatrixCell cell) {
        Scenario scenario = cell.scenario();
        URI base = target.base();
        String prefix = "/" + cell.variant();
        try (Observer observer = new Observer(target::processes, target::containerSamples);
                EventSchedule events = new EventSchedule(target, progress);
                LossWatch watch = new LossWatch(target, this::stopBecause)) {
            LoadGenerator generator = new LoadGenerator(second -> progress.second(second, observer.latest()));
            running.add(generator);
            if (isStopped()) {
                generator.stop();
            }
            observer.start(scenario.warmup());
            events.start(scenario.events(), scenario.warmup());
            watch.start();
            // warm-up and measurement in one go, so the measured window starts in steady state
            LoadResult result = generator.run(base, scenario.load().model(scenario.duration()), scenario.warmup(),
                    new RequestMix(prefix, scenario));
            running.remove(generator);
            events.close();
            Integer replicas = target.replicasOf(cell.variant());
            Integer threadPool = "mvc".equals(cell.variant()) && replicas != null
                    ? replicas * BenchTarget.MVC_THREADS_PER_REPLICA : null;
            return new BenchResults.Run(scenario.name(), scenario.description(), cell.variant(), replicas,
                    cell.cacheLabel(), workload(scenario), threadPool, summary(result), seconds(result),
                    observer.observed().stream().filter(second -> second.second() <= scenario.duration().toSeconds())
                            .toList(), isStopped(), null, events.done(), stoppedBecause.get());
        }
    }

    private void warmEveryVariant(List<MatrixCell> cells) {
        List<String> variants = cells.stream().map(MatrixCell::variant).distinct().toList();
        List<Scenario> scenarios = cells.stream().map(MatrixCell::scenario).distinct().map(BenchRunner::quick).toList();
        progress.note("Warming up %s together for %d s (JIT compilation, connection pools; not measured) ..."
                .formatted(String.join(", ", variants), warmEveryVariant.toSeconds()));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String variant : variants) {
                List<RequestMix> mixes = scenarios.stream().map(scenario -> new RequestMix("/" + variant, scenario)).toList();
                LoadGenerator generator = new LoadGenerator();
                running.add(generator);
                executor.submit(() -> generator.run(target.base(), new LoadModel.Closed(WARMING_USERS, Duration.ZERO,
                        warmEveryVariant), i -> mixes.get(i % mixes.size()).apply(i)));
            }
        }
        running.clear();
    }

    /** The scenario's traffic with its I/O wait capped, so warming sends enough requests to matter. */
    private static Scenario quick(Scenario scenario) {
        Scenario.RequestShape shape = scenario.request();
        Duration io = shape.io().compareTo(WARMING_IO) > 0 ? WARMING_IO : shape.io();
        return scenario.withRequest(new Scenario.RequestShape(io, shape.ioMode(), shape.cpu(), shape.bytes(), shape.cpuOn()));
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private boolean pausedUntilStopped() {
        try {
            return stopped.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    static BenchResults.Workload workload(Scenario scenario) {
        Scenario.Load load = scenario.load();
        Scenario.RequestShape request = scenario.request();
        Map<String, Integer> mix = new LinkedHashMap<>();
        mix.put("work", scenario.mix().work());
        mix.put("products", scenario.mix().products());
        mix.put("recommendations", scenario.mix().recommendations());
        Scenario.Keys keys = scenario.keys();
        String keyText = switch (keys.distribution()) {
            case ZIPF -> "zipf(%s) over %d".formatted(keys.skew(), keys.space());
            case UNIFORM -> "uniform over " + keys.space();
            case UNIQUE -> "unique (of " + keys.space() + ")";
        };
        return new BenchResults.Workload(load.closed() ? "closed" : "open", load.users(), load.rate(),
                load.think().toMillis(), request.io().toMillis(), request.cpu().toMillis(), request.bytes(), mix, keyText,
                scenario.duration().toMillis() / 1000.0, scenario.warmup().toMillis() / 1000.0, request.ioMode().wire(),
                scenario.downstreamPool(), request.cpuOn().wire());
    }

    private static BenchResults.Summary summary(LoadResult result) {
        return new BenchResults.Summary(result.completed(), result.throughput(), LoadResult.millis(result.corrected(), 50),
                LoadResult.millis(result.corrected(), 90), LoadResult.millis(result.corrected(), 99),
                LoadResult.millis(result.corrected(), 99.9),
                result.corrected().getTotalCount() == 0 ? 0 : result.corrected().getMaxValue() / 1e6,
                LoadResult.millis(result.uncorrected(), 99), result.errors(), result.late(), result.dropped(),
                endpoints(result));
    }

    private static Map<String, BenchResults.EndpointLatency> endpoints(LoadResult result) {
        Map<String, BenchResults.EndpointLatency> endpoints = new LinkedHashMap<>();
        result.endpoints().forEach((endpoint, latencies) -> endpoints.put(endpoint, new BenchResults.EndpointLatency(
                latencies.getTotalCount(), LoadResult.millis(latencies, 50), LoadResult.millis(latencies, 99))));
        return endpoints;
    }

    private static List<BenchResults.Second> seconds(LoadResult result) {
        return result.perSecond().stream()
                .map(second -> new BenchResults.Second(second.second(), second.completed(), second.failed(), second.p50Millis(),
                        second.p90Millis(), second.p99Millis(), second.p999Millis()))
                .toList();
    }
}
