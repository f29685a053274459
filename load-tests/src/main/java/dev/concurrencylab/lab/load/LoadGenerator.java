package dev.concurrencylab.lab.load;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

import io.netty.handler.timeout.ReadTimeoutException;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Offers load to an HTTP target with a non-blocking client (Reactor Netty) and measures it with
 * HdrHistogram, every second. Bounded in time and in count; stops by itself, and {@link #stop()}
 * ends a run early with what was measured so far.
 * <p>
 * Open model: a dedicated timer thread starts request {@code i} at {@code start + i / rate}. If all
 * connections are busy the request waits for one (it is then late, and its latency counts from the
 * intended time); if too many wait, the send is dropped and counted. Closed model: each user sends,
 * waits, thinks and repeats.
 */
public final class LoadGenerator {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Consumer<LoadResult.Second> progress;
    private volatile boolean stopped;

    /** @param progress told about every second as it ends, for a live display */
    public LoadGenerator(Consumer<LoadResult.Second> progress) {
        this.progress = progress;
    }

    public LoadGenerator() {
        this(second -> { });
    }

    /** Ends the current run early; what was measured is still returned. */
    public void stop() {
        stopped = true;
    }

    /** A run without warm-up: every request is measured. */
    public LoadResult run(URI base, LoadModel model, IntFunction<String> requests) {
        return run(base, model, Duration.ZERO, requests);
    }

    /**
     * Offers load for {@code warmup + model.duration()} without a break, and measures the steady
     * state only: requests started during the warm-up are not counted (their connections, JIT and
     * caches are what the warm-up is for), requests started within the measured window are all
     * counted, even if they are answered after it, and throughput is what was answered within it.
     * So a closed model with long latencies is not charged for users that had only just started,
     * nor for the last answers still on their way.
     *
     * @param base target, e.g. {@code http://127.0.0.1:8080}
     * @param requests the path and query of request number {@code i}
     */
    public LoadResult run(URI base, LoadModel model, Duration warmup, IntFunction<String> requests) {
        int connections = switch (model) {
            case LoadModel.Open open -> open.connections();
            case LoadModel.Closed closed -> closed.users();
        };
        ConnectionProvider pool = ConnectionProvider.builder("lab-load")
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(REQUEST_TIMEOUT)
                .build();
        HttpClient client = HttpClient.create(pool).baseUrl(base.toString()).responseTimeout(REQUEST_TIMEOUT);
        long start = System.nanoTime();
        Measurements measurements = new Measurements(progress, start + warmup.toNanos(),
                start + warmup.toNanos() + model.duration().toNanos());
        // Seconds close on a clock, not on answers: a second in which nothing is answered (a stall)
        // is still closed on time, empty, instead of being merged into a later one.
        Disposable clock = Flux.interval(Duration.ofSeconds(1)).subscribe(tick -> measurements.tick());
        try {
            switch (model) {
                case LoadModel.Open open -> runOpen(client, open, warmup, requests, measurements, start);
                case LoadModel.Closed closed -> runClosed(client, closed, warmup, requests, measurements);
            }
        } finally {
            clock.dispose();
            pool.disposeLater().block(Duration.ofSeconds(10));
        }
        return measurements.result();
    }

    private void runOpen(HttpClient client, LoadModel.Open open, Duration warmup, IntFunction<String> requests,
            Measurements measurements, long start) {
        long total = (long) Math.floor(open.ratePerSecond() * (warmup.toNanos() + open.duration().toNanos()) / 1e9);
        double intervalNanos = 1e9 / open.ratePerSecond();
        // requests sent or waiting for a connection, plus one held by this loop until it is done
        AtomicLong outstanding = new AtomicLong(1);
        CountDownLatch allAnswered = new CountDownLatch(1);
        for (long i = 0; i < total && !stopped; i++) {
            long intended = start + (long) (i * intervalNanos);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (outstanding.get() - 1 >= open.maxQueued() + open.connections()) {
                measurements.dropped(intended);
                continue;
            }
            outstanding.incrementAndGet();
            send(client, requests.apply((int) i), intended, true, measurements)
                    .doFinally(signal -> {
                        if (outstanding.decrementAndGet() == 0) {
                            allAnswered.countDown();
                        }
                    })
                    .subscribe();
        }
        if (outstanding.decrementAndGet() == 0) {
            allAnswered.countDown();
        }
        awaitQuietly(allAnswered);
    }

    /**
     * Users start spread evenly over the warm-up: started together they would move in waves (all
     * answered, all sending again), and a measured window would catch a whole wave more or less
     * depending on where it falls, however steady the server.
     */
    private void runClosed(HttpClient client, LoadModel.Closed closed, Duration warmup, IntFunction<String> requests,
            Measurements measurements) {
        AtomicInteger sequence = new AtomicInteger();
        long rampNanos = warmup.toNanos();
        Flux.range(0, closed.users())
                .flatMap(user -> Mono.delay(Duration.ofNanos(rampNanos * user / closed.users()))
                        .thenMany(Mono.defer(() -> send(client, requests.apply(sequence.getAndIncrement()), System.nanoTime(),
                                false, measurements).then(Mono.delay(closed.thinkTime())).then())
                        .repeat(() -> !stopped && System.nanoTime() < measurements.windowEnd)), closed.users())
                .blockLast(Duration.ofNanos(measurements.windowEnd - System.nanoTime()).plus(REQUEST_TIMEOUT).plusSeconds(10));
    }

    /**
     * One request; never fails: every outcome is recorded.
     *
     * @param countLate whether a send after its intended time is late (the open model's schedule;
     *     a closed-model user has no schedule to be late for)
     */
    private static Mono<Void> send(HttpClient client, String pathAndQuery, long intended, boolean countLate,
            Measurements measurements) {
        long[] sentAt = {0};
        return client.doAfterRequest((request, connection) -> {
                    sentAt[0] = System.nanoTime();
                    if (countLate && sentAt[0] - intended > LATE_NANOS) {
                        measurements.late(intended);
                    }
                })
                .get().uri(pathAndQuery)
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .doOnNext(status -> {
                    long now = System.nanoTime();
                    measurements.record(pathAndQuery, intended, now, sentAt[0] == 0 ? intended : sentAt[0]);
                    if (status >= 500) {
                        measurements.error(intended, "status-5xx");
                    } else if (status >= 400) {
                        measurements.error(intended, "status-4xx");
                    }
                })
                .onErrorResume(failure -> {
                    measurements.error(intended, kind(failure));
                    return Mono.empty();
                })
                .then();
    }

    private static String kind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ReadTimeoutException || cause instanceof TimeoutException) {
                return "timeout";
            }
            if (cause instanceof ConnectException) {
                return "connect";
            }
        }
        return "io";
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Thread-safe recording: HdrHistogram recorders, one interval histogram per second of the
     * measured window. A request counts if it was meant to start within the window.
     */
    private static final class Measurements {

        private final Recorder corrected = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
        private final Recorder uncorrected = new Recorder(HIGHEST_TRACKABLE_NANOS, 3);
        private final Histogram correctedTotal = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Histogram uncorrectedTotal = new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
        private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        private final LongAdder late = new LongAdder();
        private final LongAdder dropped = new LongAdder();
        private final LongAdder answeredInWindow = new LongAdder();
        private final LongAdder answeredThisSecond = new LongAdder();
        private final LongAdder failedThisSecond = new LongAdder();
        private final Endpoints endpoints = new Endpoints(HIGHEST_TRACKABLE_NANOS);
        private final List<LoadResult.Second> seconds = new ArrayList<>();
        private final Consumer<LoadResult.Second> progress;
        private final long windowStart;
        private final long windowEnd;
        private int lastSecond;

        Measurements(Consumer<LoadResult.Second> progress, long windowStart, long windowEnd) {
            this.progress = progress;
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        private boolean measured(long intended) {
            return intended >= windowStart && intended < windowEnd;
        }

        void record(String pathAndQuery, long intended, long answered, long sent) {
            if (answered >= windowStart && answered < windowEnd) {
                answeredInWindow.increment();
                answeredThisSecond.increment();
            }
            if (measured(intended)) {
                corrected.recordValue(Math.min(answered - intended, HIGHEST_TRACKABLE_NANOS));
                uncorrected.recordValue(Math.min(Math.max(answered - sent, 0), HIGHEST_TRACKABLE_NANOS));
                endpoints.record(pathAndQuery, Math.min(answered - intended, HIGHEST_TRACKABLE_NANOS));
            }
        }

        /** Counted in the second it failed in (what an event's effect is read from), and by kind if it was measured. */
        void error(long intended, String kind) {
            long now = System.nanoTime();
            if (now >= windowStart && now < windowEnd) {
                failedThisSecond.increment();
            }
            if (measured(intended)) {
                errors.computeIfAbsent(kind, key -> new LongAdder()).increment();
            }
        }

        void late(long intended) {
            if (measured(intended)) {
                late.increment();
            }
        }

        void dropped(long intended) {
            if (measured(intended)) {
                dropped.increment();
            }
        }

        /** Closes each second of the window that has ended; values recorded during the warm-up are discarded. */
        synchronized void tick() {
            long now = System.nanoTime();
            if (now < windowStart) {
                return;
            }
            int second = (int) Math.min((now - windowStart) / 1_000_000_000L, windowSeconds());
            while (lastSecond < second) {
                closeSecond(++lastSecond);
            }
        }

        private int windowSeconds() {
            return (int) Math.ceil((windowEnd - windowStart) / 1e9);
        }

        private void closeSecond(int second) {
            Histogram interval = corrected.getIntervalHistogram();
            correctedTotal.add(interval);
            uncorrectedTotal.add(uncorrected.getIntervalHistogram());
            LoadResult.Second summary = new LoadResult.Second(second, answeredThisSecond.sumThenReset(),
                    failedThisSecond.sumThenReset(),
                    LoadResult.millis(interval, 50), LoadResult.millis(interval, 90), LoadResult.millis(interval, 99),
                    LoadResult.millis(interval, 99.9), interval.getTotalCount() == 0 ? 0 : interval.getMaxValue() / 1e6);
            seconds.add(summary);
            progress.accept(summary);
        }

        /** Everything measured: the window's seconds, then the answers to window requests that came after it. */
        synchronized LoadResult result() {
            long now = System.nanoTime();
            if (now < windowEnd && lastSecond < windowSeconds()) {
                // stopped early: the partial second is the last one
                closeSecond(++lastSecond);
            } else {
                tick();
                correctedTotal.add(corrected.getIntervalHistogram());
                uncorrectedTotal.add(uncorrected.getIntervalHistogram());
            }
            Map<String, Long> errorCounts = new TreeMap<>();
            errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
            Duration window = Duration.ofNanos(Math.max(0, Math.min(now, windowEnd) - windowStart));
            return new LoadResult(window, correctedTotal.getTotalCount(), answeredInWindow.sum(), correctedTotal,
                    uncorrectedTotal, errorCounts, late.sum(), dropped.sum(), List.copyOf(seconds), endpoints.latencies());
        }
    }
}
