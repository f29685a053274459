package dev.concurrencylab.common.runtime;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Requests this process has accepted and not yet answered, counted by each framework's filter.
 * Exported as the gauge {@code lab.requests.inflight}: with Little's law it tells whether a
 * variant queues (in-flight rising at flat throughput) or keeps up.
 */
public final class InFlightRequests implements MeterBinder {

    private final AtomicInteger count = new AtomicInteger();

    public void started() {
        count.incrementAndGet();
    }

    public void finished() {
        count.decrementAndGet();
    }

    public int current() {
        return count.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("lab.requests.inflight", count, AtomicInteger::get)
                .description("Requests accepted and not yet answered")
                .register(registry);
    }
}
