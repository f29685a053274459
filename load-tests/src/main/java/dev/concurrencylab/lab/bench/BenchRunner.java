package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.concurrencylab.lab.load.LoadGenerator;
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

    private final BenchTarget target;
    private final BenchProgress progress;
    private final Duration pause;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<LoadGenerator> running = new AtomicReference<>();

    public BenchRunner(BenchTarget target, BenchProgress progress, Duration pause) {
        this.target = target;
        this.progress = progress;
        this.pause = pause;
    }

    public void stop() {
        stopped.countDown();
        LoadGenerator generator = running.get();
        if (generator != null) {
            generator.stop();
        }
    }

    public BenchResults run(List<MatrixCell> cells) {
        Instant startedAt = Instant.now();
        List<BenchResults.Run> runs = new ArrayList<>();
        for (int i = 0; i < cells.size() && !isStopped(); i++) {
            MatrixCell cell = cells.get(i);
            target.prepare(cell);
            target.purgeCache();
            if (i > 0 && pausedUntilStopped()) {
                break;
            }
            progress.starting(i + 1, cells.size(), cell);
            runs.add(measure(cell));
            progress.finished(runs.getLast());
        }
        Runtime runtime = Runtime.getRuntime();
        return new BenchResults(BenchResults.SCHEMA, startedAt, target.base().toString(),
                new BenchResults.Machine(runtime.availableProcessors(),
                        System.getProperty("os.name") + " " + System.getProperty("os.version"),
                        System.getProperty("java.version")),
                List.copyOf(runs));
    }

    private BenchResults.Run measure(MatrixCell cell) {
        Scenario scenario = cell.scenario();
        URI base = target.base();
        String prefix = "/" + cell.variant();
        if (!scenario.warmup().isZero()) {
            LoadGenerator warmup = new LoadGenerator();
            running.set(warmup);
            warmup.run(base, scenario.load().model(scenario.warmup()),
                    new RequestMix(prefix, scenario, scenario.keys().space() / 2));
        }
        try (Observer observer = new Observer(target.processes())) {
            LoadGenerator generator = new LoadGenerator(second -> progress.second(second, observer.latest()));
            running.set(generator);
            if (isStopped()) {
                generator.stop();
            }
            observer.start();
            LoadResult result = generator.run(base, scenario.load().model(scenario.duration()),
                    new RequestMix(prefix, scenario, 0));
            running.set(null);
            Integer replicas = target.replicasOf(cell.variant());
            Integer threadPool = "mvc".equals(cell.variant()) && replicas != null
                    ? replicas * BenchTarget.MVC_THREADS_PER_REPLICA : null;
            return new BenchResults.Run(scenario.name(), scenario.description(), cell.variant(), replicas,
                    cell.cacheLabel(), workload(scenario), threadPool, summary(result), seconds(result),
                    observer.observed(), isStopped());
        }
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
                scenario.duration().toMillis() / 1000.0, scenario.warmup().toMillis() / 1000.0);
    }

    private static BenchResults.Summary summary(LoadResult result) {
        return new BenchResults.Summary(result.completed(), result.throughput(), LoadResult.millis(result.corrected(), 50),
                LoadResult.millis(result.corrected(), 90), LoadResult.millis(result.corrected(), 99),
                LoadResult.millis(result.corrected(), 99.9),
                result.corrected().getTotalCount() == 0 ? 0 : result.corrected().getMaxValue() / 1e6,
                LoadResult.millis(result.uncorrected(), 99), result.errors(), result.late(), result.dropped());
    }

    private static List<BenchResults.Second> seconds(LoadResult result) {
        return result.perSecond().stream()
                .map(second -> new BenchResults.Second(second.second(), second.completed(), second.p50Millis(),
                        second.p90Millis(), second.p99Millis(), second.p999Millis()))
                .toList();
    }
}
