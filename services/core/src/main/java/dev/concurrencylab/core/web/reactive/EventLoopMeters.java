package dev.concurrencylab.core.web.reactive;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.SingleThreadEventExecutor;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import reactor.netty.http.server.HttpServer;

/**
 * Two gauges for every event loop that serves a connection (tag {@code name}: the loop's thread):
 * <ul>
 * <li>{@code reactor.netty.eventloop.pending.tasks}: tasks handed to the loop by other threads and
 * not yet run. It grows with traffic as well as with a stuck loop, so on its own it does not tell a
 * busy loop from a blocked one;</li>
 * <li>{@code lab.eventloop.lag}: how late a task the loop scheduled for itself ran, the most in the
 * last second (Node.js calls it event-loop lag). Near zero on a loop that never blocks; as long as
 * the longest blocking call or CPU burst on a loop that does.</li>
 * </ul>
 * Reactor Netty registers the first gauge only with {@code HttpServer.metrics(true, ...)}, which
 * also times every request and counts its bytes: a measuring cost the webflux variant would pay and
 * the servlet variants not. No library measures the second for Netty. Both are registered here, once
 * per loop, when the loop serves its first connection.
 */
public class EventLoopMeters implements NettyServerCustomizer {

    static final String PENDING_TASKS = "reactor.netty.eventloop.pending.tasks";
    static final String LAG = "lab.eventloop.lag";

    private final MeterRegistry registry;
    private final Set<EventLoop> registered = ConcurrentHashMap.newKeySet();

    public EventLoopMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> register(channel.eventLoop()));
    }

    private void register(EventLoop loop) {
        if (loop instanceof SingleThreadEventExecutor executor && registered.add(loop)) {
            // on the loop itself, so the tag is its thread's name, as Reactor Netty's own gauge has it
            loop.execute(() -> {
                String name = Thread.currentThread().getName();
                Gauge.builder(PENDING_TASKS, executor, SingleThreadEventExecutor::pendingTasks)
                        .description("Tasks waiting for this event loop").tag("name", name).strongReference(true)
                        .register(registry);
                LagProbe probe = new LagProbe(loop);
                Gauge.builder(LAG, probe, LagProbe::worstSeconds).baseUnit("seconds")
                        .description("How late this event loop ran a task scheduled on it, the most in the last second")
                        .tag("name", name).strongReference(true).register(registry);
                probe.scheduleNext();
            });
        }
    }

    /**
     * Every {@link #PERIOD_MILLIS} ms, a task on the loop that notes how late it ran; the last
     * second's probes are kept, so a scrape once a second sees the worst of them.
     */
    private static final class LagProbe {

        private static final long PERIOD_MILLIS = 100;
        private static final int KEPT = 10;

        private final EventLoop loop;
        private final long[] lateNanos = new long[KEPT];
        private int next;
        private long intended;

        LagProbe(EventLoop loop) {
            this.loop = loop;
        }

        /** Runs on the loop (first from {@link #register}, then from {@link #ran}). */
        void scheduleNext() {
            intended = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MILLIS);
            loop.schedule(this::ran, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void ran() {
            synchronized (lateNanos) {
                lateNanos[next] = Math.max(0, System.nanoTime() - intended);
                next = (next + 1) % KEPT;
            }
            scheduleNext();
        }

        double worstSeconds() {
            long worst = 0;
            synchronized (lateNanos) {
                for (long late : lateNanos) {
                    worst = Math.max(worst, late);
                }
            }
            return worst / 1e9;
        }
    }
}
