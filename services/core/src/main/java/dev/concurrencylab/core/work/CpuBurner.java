package dev.concurrencylab.core.work;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Burns a requested amount of CPU time on the calling thread, as a fixed amount of work.
 * <p>
 * Why work and not a wall-clock loop: "until 20 ms have passed" burns less CPU the busier the
 * machine is, which would hide exactly the contention the lab measures. Instead the JVM measures
 * once, in a background platform thread right after start, how many iterations of a xorshift loop
 * one nanosecond of <em>thread CPU time</em> buys (best of several rounds, after the JIT has
 * compiled the loop), and each burn runs that many iterations. Under load a burn then takes
 * longer on the clock but costs the same CPU, on any thread kind: platform, virtual, event loop.
 * <p>
 * Thread safe; {@link #burn} blocks the calling thread for its whole duration (on webflux, that is
 * the event loop: the point of the comparison).
 */
public final class CpuBurner {

    private static final long CALIBRATION_ITERATIONS = 2_000_000;
    private static final int CALIBRATION_ROUNDS = 10;

    private final CompletableFuture<Double> iterationsPerNano;
    /** Written once per burn so the JIT cannot drop the loop as dead code. */
    private volatile long sink;

    public CpuBurner() {
        this.iterationsPerNano = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("cpu-burner-calibration").start(
                () -> iterationsPerNano.complete(calibrate()));
    }

    /** Spends {@code cpu} of CPU time on this thread; returns at once for zero. */
    public void burn(Duration cpu) {
        if (cpu.isZero()) {
            return;
        }
        sink = spin(Math.round(cpu.toNanos() * iterationsPerNano.join()), sink);
    }

    private double calibrate() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTimeMeasurable = threads.isCurrentThreadCpuTimeSupported();
        double best = 0;
        for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
            long start = cpuTimeMeasurable ? threads.getCurrentThreadCpuTime() : System.nanoTime();
            sink = spin(CALIBRATION_ITERATIONS, sink + round);
            long used = (cpuTimeMeasurable ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - start;
            if (used > 0) {
                best = Math.max(best, (double) CALIBRATION_ITERATIONS / used);
            }
        }
        return best > 0 ? best : 1.0;
    }

    private static long spin(long iterations, long seed) {
        long x = seed | 1;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
