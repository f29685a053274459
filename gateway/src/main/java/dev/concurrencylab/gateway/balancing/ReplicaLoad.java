package dev.concurrencylab.gateway.balancing;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.concurrencylab.gateway.discovery.Replica;

/**
 * What the gateway knows about each replica right now, and its meters: requests in flight to it
 * (what the least-outstanding balancer compares; gauge {@code lab.gateway.replica.inflight}),
 * requests it served by route and status (timer {@code lab.gateway.replica.requests}), and
 * whether it is ejected for a while after it refused a connection or hung (passive health
 * checking, so a dead replica in a static list stops getting traffic). When discovery drops a
 * replica, {@link #retain} removes its state and its meters: a scaled-down deployment does not
 * keep exporting replicas that are gone. Lock-free on the request path; shared by every route.
 */
public final class ReplicaLoad {

    private final ConcurrentMap<Replica, State> states = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;
    /** How many replicas are ejected at all, so the common case (none) skips the per-replica check. */
    private final AtomicInteger ejections = new AtomicInteger();

    public ReplicaLoad(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** One replica's counters and meters. */
    private final class State {

        final Replica replica;
        final AtomicInteger inFlight = new AtomicInteger();
        final Gauge gauge;
        final Map<String, Timer> timers = new ConcurrentHashMap<>();
        /** Epoch ms until which it gets no new requests; 0: not ejected. */
        final AtomicLong ejectedUntil = new AtomicLong();

        State(Replica replica) {
            this.replica = replica;
            this.gauge = Gauge.builder("lab.gateway.replica.inflight", inFlight, AtomicInteger::get)
                    .description("Requests the gateway has in flight to one replica")
                    .tag("service", replica.service())
                    .tag("replica", replica.id())
                    .register(registry);
        }

        Timer timer(String route, int status) {
            String key = route + ' ' + status;
            Timer timer = timers.get(key);
            return timer != null ? timer : timers.computeIfAbsent(key, k -> Timer.builder("lab.gateway.replica.requests")
                    .description("Requests the gateway sent to one replica, by outcome (status 0: no answer)")
                    .tag("route", route)
                    .tag("replica", replica.id())
                    .tag("status", status == 0 ? "none" : Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(registry));
        }

        void remove() {
            registry.remove(gauge);
            timers.values().forEach((Meter timer) -> registry.remove(timer));
        }
    }

    private State state(Replica replica) {
        State state = states.get(replica);
        return state != null ? state : states.computeIfAbsent(replica, State::new);
    }

    public int inFlight(Replica replica) {
        State state = states.get(replica);
        return state == null ? 0 : state.inFlight.get();
    }

    public void started(Replica replica) {
        state(replica).inFlight.incrementAndGet();
    }

    /** An attempt on {@code replica} ended: {@code status} 0 when it brought no answer. */
    public void finished(Replica replica, String route, int status, long nanos) {
        State state = state(replica);
        state.inFlight.decrementAndGet();
        state.timer(route, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void eject(Replica replica, Duration period) {
        if (state(replica).ejectedUntil.getAndSet(clock.millis() + period.toMillis()) == 0) {
            ejections.incrementAndGet();
        }
    }

    public boolean anyEjected() {
        return ejections.get() > 0;
    }

    public boolean isEjected(Replica replica) {
        State state = states.get(replica);
        long until = state == null ? 0 : state.ejectedUntil.get();
        if (until == 0) {
            return false;
        }
        if (clock.millis() < until) {
            return true;
        }
        if (state.ejectedUntil.compareAndSet(until, 0)) {
            ejections.decrementAndGet();
        }
        return false;
    }

    /** Forgets the replicas of {@code service} that are not in {@code replicas} any more, with their meters. */
    public void retain(String service, List<Replica> replicas) {
        states.values().removeIf(state -> {
            boolean gone = state.replica.service().equals(service) && !replicas.contains(state.replica);
            if (gone) {
                if (state.ejectedUntil.getAndSet(0) != 0) {
                    ejections.decrementAndGet();
                }
                state.remove();
            }
            return gone;
        });
    }
}
