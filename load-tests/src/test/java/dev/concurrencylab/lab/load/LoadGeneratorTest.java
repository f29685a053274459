package dev.concurrencylab.lab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The load generator's accounting against a real HTTP server whose delay the test knows, with a
 * planned stall: the latency corrected for coordinated omission must show the stall, the
 * uncorrected one would hide it.
 */
class LoadGeneratorTest {

    private static final Duration SERVICE_TIME = Duration.ofMillis(5);

    private final AtomicLong stallFrom = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong stallUntil = new AtomicLong(Long.MIN_VALUE);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger received = new AtomicInteger();
    private final DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
            .handle((request, response) -> {
                received.incrementAndGet();
                long now = System.nanoTime();
                Duration wait = now >= stallFrom.get() && now < stallUntil.get()
                        ? Duration.ofNanos(stallUntil.get() - now) : SERVICE_TIME;
                return Mono.delay(wait).then(response.status(status.get()).sendString(Mono.just("ok")).then());
            })
            .bindNow();

    @AfterEach
    void stopServer() {
        server.disposeNow();
    }

    private URI target() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Test
    void theCorrectedLatencyShowsAStallThatTheUncorrectedHides() {
        long start = System.nanoTime();
        stallFrom.set(start + Duration.ofMillis(1500).toNanos());
        stallUntil.set(start + Duration.ofMillis(2500).toNanos());

        LoadResult result = new LoadGenerator().run(target(),
                new LoadModel.Open(100, Duration.ofSeconds(4), 1, 10_000), i -> "/x?i=" + i);

        assertThat(result.completed()).isEqualTo(400);
        assertThat(result.dropped()).isZero();
        assertThat(result.late()).as("sends that waited behind the stall").isGreaterThan(50);
        assertThat(LoadResult.millis(result.corrected(), 99)).as("corrected p99 (ms)").isGreaterThan(400);
        assertThat(LoadResult.millis(result.uncorrected(), 99)).as("uncorrected p99 (ms)").isLessThan(400);
        assertThat(result.perSecond()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void anOpenModelSendsEveryPlannedRequestAndNoMore() {
        LoadResult result = new LoadGenerator().run(target(),
                new LoadModel.Open(50, Duration.ofSeconds(2), 8, 100), i -> "/x");

        assertThat(result.completed()).isEqualTo(100);
        assertThat(received.get()).isEqualTo(100);
        assertThat(result.errors()).isEmpty();
    }

    @Test
    void sendsBeyondTheQueueBoundAreDroppedAndCountedNotHidden() {
        stallFrom.set(Long.MIN_VALUE);
        stallUntil.set(System.nanoTime() + Duration.ofSeconds(3).toNanos());

        LoadResult result = new LoadGenerator().run(target(),
                new LoadModel.Open(100, Duration.ofSeconds(1), 1, 5), i -> "/x");

        assertThat(result.dropped()).isGreaterThan(50);
        assertThat(result.completed() + result.dropped()).isEqualTo(100);
    }

    @Test
    void aClosedModelKeepsItsUsersBusyAndCountsErrorsByKind() {
        status.set(503);

        LoadResult result = new LoadGenerator().run(target(),
                new LoadModel.Closed(4, Duration.ZERO, Duration.ofSeconds(1)), i -> "/x");

        assertThat(result.completed()).isPositive().isEqualTo(received.get());
        assertThat(result.errors()).containsOnlyKeys("status-5xx").containsEntry("status-5xx", result.completed());
    }

    @Test
    void secondsCloseOnTheClockEvenWhenNothingIsAnswered() {
        long start = System.nanoTime();
        stallFrom.set(start + Duration.ofMillis(500).toNanos());
        stallUntil.set(start + Duration.ofMillis(2800).toNanos());
        List<LoadResult.Second> reported = new CopyOnWriteArrayList<>();

        LoadResult result = new LoadGenerator(reported::add).run(target(),
                new LoadModel.Closed(2, Duration.ZERO, Duration.ofSeconds(4)), i -> "/x");

        assertThat(reported).as("told about each second as it ended").hasSizeGreaterThanOrEqualTo(4);
        assertThat(reported.get(1).completed()).as("second 2 lies inside the stall: nothing answered").isZero();
        assertThat(result.perSecond().stream().mapToLong(LoadResult.Second::completed).sum()).isEqualTo(result.answeredInWindow());
    }

    @Test
    void theWarmupIsNotCountedAndThroughputIsWhatWasAnsweredWithinTheWindow() {
        LoadResult result = new LoadGenerator().run(target(), new LoadModel.Closed(2, Duration.ZERO, Duration.ofSeconds(2)),
                Duration.ofSeconds(1), i -> "/x");

        assertThat(result.completed()).as("requests started in the measured window").isPositive()
                .isLessThan(received.get());
        assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(result.throughput()).isEqualTo(result.answeredInWindow() / 2.0);
        assertThat(result.perSecond()).hasSize(2);
    }
}
