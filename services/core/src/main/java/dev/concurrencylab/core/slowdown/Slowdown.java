package dev.concurrencylab.core.slowdown;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The extra wait this replica adds to every request it serves, zero unless the lab sets it through
 * {@code /actuator/labslowdown}: one replica made slow on purpose (a noisy neighbour, a failing
 * disk) while the others stay healthy, to see what the gateway and the other replicas do about it.
 */
public final class Slowdown {

    private final AtomicReference<Duration> extra = new AtomicReference<>(Duration.ZERO);

    public Duration extra() {
        return extra.get();
    }

    void set(Duration wait) {
        extra.set(wait);
    }
}
