package dev.concurrencylab.lab.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;

import dev.concurrencylab.lab.load.LoadModel;

/**
 * A workload in the terms capacity questions are asked in: how many simultaneous users (or how many
 * requests per second), for how long, what each request does (I/O wait, CPU, payload), which
 * endpoints in which proportion, and how often the same key comes back (what a cache can answer).
 * Read from {@code load-tests/scenarios/<name>.yaml} by {@link ScenarioFile}.
 *
 * @param name the file's name without {@code .yaml}
 * @param description one sentence a reader of the report sees
 * @param load simultaneous users or arrival rate
 * @param duration measured time
 * @param warmup load before measuring, not counted (JIT, connection pools, caches)
 * @param request what each request costs the service
 * @param mix weights of the endpoints
 * @param keys which product and user ids requests name
 * @param downstreamPool each replica's pool of connections to downstream during the run (local lab);
 *     {@code null}: as the lab was brought up
 * @param doneRight an anti-pattern's scenario: what its twin done right changes, measured beside it
 *     as {@link #doneRightTwin()}; {@code null} for the others
 * @param events what is done to the deployment during the measured window, in time order
 */
public record Scenario(String name, String description, Load load, Duration duration, Duration warmup,
        RequestShape request, Mix mix, Keys keys, Integer downstreamPool, DoneRight doneRight, List<Event> events) {

    /** Suffix of the name of an anti-pattern's twin done right. */
    public static final String DONE_RIGHT = "-done-right";

    public Scenario {
        events = List.copyOf(events);
    }

    /** A scenario without an anti-pattern's twin and without events. */
    public Scenario(String name, String description, Load load, Duration duration, Duration warmup, RequestShape request,
            Mix mix, Keys keys) {
        this(name, description, load, duration, warmup, request, mix, keys, null, null, List.of());
    }

    /** Whether only the local lab can run it: the bench does its events or sets its pool to downstream. */
    public boolean needsLocalLab() {
        return !events.isEmpty() || setsDownstreamPool();
    }

    /** Whether the scenario (or its done-right twin) resizes the replicas' pool to downstream. */
    public boolean setsDownstreamPool() {
        return downstreamPool != null || doneRight != null && doneRight.downstreamPool() != null;
    }

    /** The same scenario measured for another length of time. */
    public Scenario withTiming(Duration otherDuration, Duration otherWarmup) {
        return new Scenario(name, description, load, otherDuration, otherWarmup, request, mix, keys, downstreamPool, doneRight,
                events);
    }

    /** The same traffic with each request costing something else. */
    public Scenario withRequest(RequestShape other) {
        return new Scenario(name, description, load, duration, warmup, other, mix, keys, downstreamPool, doneRight, events);
    }

    /** An anti-pattern's load done right, under {@code <name>-done-right}, with the same traffic and events. */
    public Optional<Scenario> doneRightTwin() {
        return Optional.ofNullable(doneRight).map(right -> {
            RequestShape rightRequest = new RequestShape(request.io(), right.ioMode() == null ? request.ioMode() : right.ioMode(),
                    request.cpu(), request.bytes(), right.cpuOn() == null ? request.cpuOn() : right.cpuOn());
            Integer rightPool = right.downstreamPool() == null ? downstreamPool : right.downstreamPool();
            return new Scenario(name + DONE_RIGHT, "The same load done right (" + right.describe() + "): " + description, load,
                    duration, warmup, rightRequest, mix, keys, rightPool, null, events);
        });
    }

    /**
     * What an anti-pattern's twin does differently; at least one is set.
     *
     * @param ioMode how it waits instead
     * @param cpuOn where it burns its CPU instead
     * @param downstreamPool the pool of connections to downstream it has instead
     */
    public record DoneRight(IoMode ioMode, CpuOn cpuOn, Integer downstreamPool) {

        public String describe() {
            List<String> changes = new ArrayList<>();
            if (ioMode != null) {
                changes.add("io-mode " + ioMode.wire());
            }
            if (cpuOn != null) {
                changes.add("cpu-on " + cpuOn.wire());
            }
            if (downstreamPool != null) {
                changes.add("a downstream pool of " + downstreamPool);
            }
            return String.join(", ", changes);
        }
    }

    /**
     * Exactly one of {@code users} (closed model) and {@code rate} (open model) is set.
     *
     * @param users simultaneous users, each sending its next request when the previous is answered
     * @param think each user's pause between an answer and its next request
     * @param rate requests started per second, whatever the server does
     * @param connections open model: connections at most
     */
    public record Load(Integer users, Duration think, Double rate, int connections) {

        public boolean closed() {
            return users != null;
        }

        public LoadModel model(Duration length) {
            return closed() ? new LoadModel.Closed(users, think, length)
                    : new LoadModel.Open(rate, length, connections, 10 * connections);
        }

        public String describe() {
            return closed() ? "%d users%s".formatted(users, think.isZero() ? "" : ", think " + think.toMillis() + " ms")
                    : "%.0f requests/s".formatted(rate);
        }
    }

    /**
     * @param io I/O wait per request
     * @param ioMode {@code sleep}: waited in the service; {@code block}: blocking the thread (webflux: its event
     *     loop); {@code downstream}: a real call to downstream
     * @param cpu CPU time burnt per request (work endpoint)
     * @param bytes payload size (work endpoint)
     * @param cpuOn where the CPU is burnt: on the request's thread, or on the services' worker threads
     */
    public record RequestShape(Duration io, IoMode ioMode, Duration cpu, int bytes, CpuOn cpuOn) {

        /** CPU burnt on the request's own thread. */
        public RequestShape(Duration io, IoMode ioMode, Duration cpu, int bytes) {
            this(io, ioMode, cpu, bytes, CpuOn.REQUEST);
        }
    }

    /**
     * Where the services burn a request's CPU: on the thread that runs it ({@code request}: on
     * webflux an event loop, on virtual a carrier) or on a pool of platform threads ({@code workers}).
     */
    public enum CpuOn {
        REQUEST, WORKERS;

        /** As the services' {@code cpu-on} parameter and the scenario files write it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * How the service waits its I/O: in-process, each model its own way ({@code sleep}), blocking
     * whatever thread runs the request ({@code block}: on webflux, an event loop) or on a real call to
     * downstream.
     */
    public enum IoMode {
        SLEEP, BLOCK, DOWNSTREAM;

        /** As the services' {@code io-mode} parameter and the scenario files write it. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Relative weights; {@code products} are public and cacheable, {@code recommendations} per user
     * and private, {@code work} never cacheable ({@code no-store}).
     */
    public record Mix(int work, int products, int recommendations) {

        public int total() {
            return work + products + recommendations;
        }

        /** Share of requests a shared cache may answer. */
        public double cacheableShare() {
            return (double) products / total();
        }
    }

    /**
     * @param space distinct ids, 1..space
     * @param distribution {@code uniform}, {@code zipf} (a few hot keys, a long tail) or
     *     {@code unique} (every request a new key, as long as the space lasts)
     * @param skew zipf exponent (1.0 is the classic; higher means hotter hot keys)
     */
    public record Keys(int space, Distribution distribution, double skew) {
    }

    public enum Distribution { UNIFORM, ZIPF, UNIQUE }
}
