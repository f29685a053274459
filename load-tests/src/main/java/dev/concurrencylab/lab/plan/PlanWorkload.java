package dev.concurrencylab.lab.plan;

import java.time.Duration;

import dev.concurrencylab.lab.scenario.Scenario;

/**
 * A workload in the terms a capacity question is asked in, for {@code ./lab plan}.
 *
 * @param users simultaneous users (closed model), or null with {@code rate}
 * @param rate requests per second in total (open model), or null with {@code users}
 * @param think each user's pause between an answer and the next request
 * @param io I/O wait per request
 * @param ioMode how the I/O is waited: in the service, blocking the request's thread (on webflux an event
 *     loop), or a call to downstream (through each replica's pool)
 * @param cpu CPU time per request, on top of what serving it costs the variant
 * @param bytes payload of each answer (held in memory while it is written)
 * @param cacheable share of requests a shared cache may answer (public product pages)
 * @param unique share of the cacheable requests that name a key no one asked for before
 * @param keySpace distinct keys the other cacheable requests name
 * @param distribution how those keys are drawn
 * @param skew zipf exponent
 * @param freshness how long a cached answer stays fresh ({@code max-age} of product pages)
 */
public record PlanWorkload(Integer users, Double rate, Duration think, Duration io, Scenario.IoMode ioMode, Duration cpu,
        long bytes, double cacheable, double unique, int keySpace, Scenario.Distribution distribution, double skew,
        Duration freshness) {

    public boolean closed() {
        return users != null;
    }

    /** Whether the I/O wait is a call to downstream, through each replica's pool. */
    public boolean downstream() {
        return ioMode == Scenario.IoMode.DOWNSTREAM;
    }

    /** Seconds of I/O wait per request. */
    double ioSeconds() {
        return io.toNanos() / 1e9;
    }

    double cpuSeconds() {
        return cpu.toNanos() / 1e9;
    }

    double thinkSeconds() {
        return think.toNanos() / 1e9;
    }

    /** What the users ask for when every answer takes {@code responseSeconds}: users ÷ (response + think), or the rate. */
    double offered(double responseSeconds) {
        return closed() ? users / (responseSeconds + thinkSeconds()) : rate;
    }
}
