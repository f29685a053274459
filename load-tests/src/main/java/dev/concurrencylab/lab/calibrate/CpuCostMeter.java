package dev.concurrencylab.lab.calibrate;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.concurrent.CompletableFuture;

import dev.concurrencylab.lab.load.LoadGenerator;
import dev.concurrencylab.lab.load.LoadModel;
import dev.concurrencylab.lab.load.LoadResult;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;

/**
 * CPU per request of one process for one path: the slope of its serving CPU time ({@link CpuClock})
 * between a window at a low and one at a high rate, so what a JVM spends whatever the rate (timers,
 * the actuator) cancels out. One process at a time: loaded at once, three replicas on two cores
 * showed their contention as CPU per request (about twice as much, 2026-12-07).
 */
final class CpuCostMeter {

    static final double LOW_RATE = 200;
    static final double HIGH_RATE = 1000;
    private static final Duration WINDOW = Duration.ofMillis(2500);

    Slope slope(LabProcess process, IntFunction<String> paths) {
        URI base = URI.create(process.url());
        return Slope.between(window(base, LOW_RATE, process, paths), window(base, HIGH_RATE, process, paths));
    }

    /**
     * Load on several targets at once, not measured: what warms their JITs before anything is
     * measured. A failed request here is counted, not fatal: on a replica started seconds before,
     * one request in thousands has gone unanswered (the note of issue 23), and nothing of the
     * warm-up is measured.
     *
     * @return requests that failed
     */
    long warm(List<URI> targets, double rate, Duration duration, IntFunction<String> paths) {
        List<CompletableFuture<LoadResult>> running = new ArrayList<>();
        for (URI target : targets) {
            running.add(CompletableFuture.supplyAsync(() -> new LoadGenerator().run(target,
                    new LoadModel.Open(rate, duration, 64, 10_000), paths)));
        }
        return running.stream().map(CompletableFuture::join).mapToLong(CpuCostMeter::failures).sum();
    }

    /** Requests at a low rate first, so that a cache has the entry before hits are measured. */
    void prime(URI base, IntFunction<String> paths) {
        load(base, LOW_RATE, Duration.ofSeconds(1), paths);
    }

    private Window window(URI base, double rate, LabProcess process, IntFunction<String> paths) {
        double before = CpuClock.servingSeconds(process);
        LoadResult result = load(base, rate, WINDOW, paths);
        return new Window(result.completed(), CpuClock.servingSeconds(process) - before,
                LoadResult.millis(result.uncorrected(), 50));
    }

    private static LoadResult load(URI base, double rate, Duration duration, IntFunction<String> paths) {
        LoadResult result = new LoadGenerator().run(base, new LoadModel.Open(rate, duration, 64, 10_000), paths);
        if (failures(result) > 0) {
            throw new LabException("calibration requests to %s%s failed (%s, %d dropped): the lab is not healthy; ./lab status"
                    .formatted(base, paths.apply(0), result.errors(), result.dropped()));
        }
        return result;
    }

    private static long failures(LoadResult result) {
        return result.errors().values().stream().mapToLong(Long::longValue).sum() + result.dropped();
    }
}
