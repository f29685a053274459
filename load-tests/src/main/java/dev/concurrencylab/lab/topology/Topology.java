package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.concurrencylab.launcher.Ports;
import dev.concurrencylab.launcher.Service;

/**
 * The lab's topology as local processes: brings it up, reports on it, scales it and takes it down,
 * acting only on what its state file records. Every step says what it does on {@code out}.
 */
public final class Topology {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final LabSettings settings;
    private final PrintStream out;
    private final StateStore store;
    private final AppImages images;
    private final Launcher launcher;
    private final Actuator actuator = new Actuator();
    private final Readiness readiness = new Readiness(actuator, READY_TIMEOUT);
    private final Stopper stopper = new Stopper(STOP_GRACE);
    private final GatewayInstances gatewayInstances;
    private final PrometheusTargets prometheusTargets;

    public Topology(LabSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.store = new StateStore(settings.labDir());
        this.images = new AppImages(settings, out);
        this.launcher = new Launcher(settings, images);
        this.gatewayInstances = new GatewayInstances(settings.gatewayInstancesFile());
        this.prometheusTargets = new PrometheusTargets(settings.labDir());
    }

    /** The running topology, if any. State of a crashed run (no process left) is detected and removed. */
    public Optional<LabState> current() {
        Optional<LabState> state = store.load();
        if (state.isPresent() && state.get().processes().stream().noneMatch(LabProcess::isAlive)) {
            out.printf("Found the state of an earlier run whose processes are all gone; cleaned it up.%n");
            store.delete();
            prometheusTargets.clear();
            return Optional.empty();
        }
        return state;
    }

    /** Starts downstream, the replicas and the gateway at once, and waits until all are ready. */
    public UpResult up(UpRequest request) {
        current().ifPresent(running -> {
            throw new LabException("The lab is already up (%d processes, gateway at %s). Run ./lab down first."
                    .formatted(running.processes().size(), running.only(Service.GATEWAY).map(LabProcess::url).orElse("?")));
        });
        if (request.gatewayPort() != 0 && Ports.isListening(request.gatewayPort())) {
            throw new LabException(("Port %d is busy: another program listens on it. Stop it, or choose another"
                    + " gateway port (--gateway-port 0 takes any free one).").formatted(request.gatewayPort()));
        }
        if (request.gatewayPort() != 0) {
            launcher.reservePort(request.gatewayPort());
        }
        images.prepare(List.of(Service.values()));
        Instant begin = Instant.now();
        List<LabProcess> started = new ArrayList<>();
        Thread cleanup = new Thread(() -> started.forEach(stopper::stop), "lab-up-interrupted");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            LabProcess downstream = launcher.start("downstream", Service.DOWNSTREAM, List.of());
            started.add(downstream);
            for (Service service : Service.variants()) {
                for (int i = 1; i <= request.replicas().getOrDefault(service, 0); i++) {
                    started.add(startReplica(service, i, downstream, request.downstreamLatency(), request.downstreamPool()));
                }
            }
            LabState replicasOnly = new LabState(begin, request.downstreamLatency(), started, request.cache(),
                    request.downstreamPool());
            gatewayInstances.write(replicasOnly);
            LabProcess gateway = startGateway(request.gatewayPort() == 0 ? launcher.freePort() : request.gatewayPort(),
                    request.cache());
            started.add(gateway);
            LabState state = new LabState(begin, request.downstreamLatency(), started, request.cache(), request.downstreamPool());
            record(state);
            out.printf("Starting %d processes (logs in %s) ...%n", started.size(), settings.logDir());
            Map<String, Duration> ready = readiness.await(started, (process, took) ->
                    out.printf("  ready  %-20s %5.1f s%n", process.name(), took.toMillis() / 1000.0));
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return new UpResult(state, ready, Duration.between(begin, Instant.now()));
        } catch (RuntimeException failure) {
            Runtime.getRuntime().removeShutdownHook(cleanup);
            out.printf("Start failed; stopping the %d processes started.%n", started.size());
            started.forEach(stopper::stop);
            store.delete();
            prometheusTargets.clear();
            throw failure;
        }
    }

    /**
     * Adds or removes replicas; the gateway takes the new list without a restart and without failed
     * requests. Replicas that are no longer running (killed, crashed) do not count: they leave the
     * state, and new ones take their place.
     */
    public LabState scale(Map<Service, Integer> targets) {
        LabState state = current().orElseThrow(() -> new LabException("The lab is not up. Run ./lab up first."));
        LabProcess downstream = state.only(Service.DOWNSTREAM).orElseThrow();
        LabProcess gateway = state.only(Service.GATEWAY).orElseThrow();
        List<LabProcess> added = new ArrayList<>();
        List<LabProcess> removed = new ArrayList<>();
        for (Map.Entry<Service, Integer> target : targets.entrySet()) {
            Service service = target.getKey();
            if (service.variant().isEmpty()) {
                throw new LabException("only variant services scale; " + service.serviceName() + " does not");
            }
            List<LabProcess> all = state.replicasOf(service);
            List<LabProcess> replicas = all.stream().filter(LabProcess::isAlive).toList();
            all.stream().filter(replica -> !replica.isAlive()).forEach(removed::add);
            // never a dead replica's name again: its log and exit status stay what they were
            int next = all.stream().mapToInt(LabState::index).max().orElse(0) + 1;
            for (int i = replicas.size(); i < target.getValue(); i++) {
                added.add(startReplica(service, next++, downstream, state.downstreamLatency(), state.downstreamPool()));
            }
            for (int i = replicas.size() - 1; i >= target.getValue(); i--) {
                removed.add(replicas.get(i));
            }
        }
        if (!added.isEmpty()) {
            out.printf("Starting %s ...%n", added.stream().map(LabProcess::name).toList());
            awaitReadyOrStop(added);
        }
        return switchTo(state.with(added, removed), removed, gateway);
    }

    /**
     * Gives every replica a pool of {@code pool} connections to downstream ({@code null}: the
     * services' default): each replica is replaced by a new one with the setting, the gateway
     * switches to the new ones once they are ready, and the old ones drain and stop, so no request
     * fails. Nothing happens if the replicas already run with it.
     */
    public LabState downstreamPool(Integer pool) {
        LabState state = current().orElseThrow(() -> new LabException("The lab is not up. Run ./lab up first."));
        if (effectivePool(state.downstreamPool()) == effectivePool(pool)) {
            return state;
        }
        LabProcess downstream = state.only(Service.DOWNSTREAM).orElseThrow();
        LabProcess gateway = state.only(Service.GATEWAY).orElseThrow();
        List<LabProcess> old = new ArrayList<>();
        List<LabProcess> added = new ArrayList<>();
        for (Service service : Service.variants()) {
            List<LabProcess> all = state.replicasOf(service);
            int next = all.stream().mapToInt(LabState::index).max().orElse(0) + 1;
            for (LabProcess replica : all) {
                old.add(replica);
                if (replica.isAlive()) {
                    added.add(startReplica(service, next++, downstream, state.downstreamLatency(), pool));
                }
            }
        }
        out.printf("Replacing the replicas with ones whose pool to downstream is %s: starting %s ...%n",
                pool == null ? "the services' default" : pool + " connections", added.stream().map(LabProcess::name).toList());
        awaitReadyOrStop(added);
        return switchTo(state.with(added, old).withDownstreamPool(pool), old, gateway);
    }

    /** Waits until the new replicas are ready, printing each; if one is not, stops them all (the old ones still serve). */
    private void awaitReadyOrStop(List<LabProcess> added) {
        try {
            readiness.await(added, (process, took) ->
                    out.printf("  ready  %-20s %5.1f s%n", process.name(), took.toMillis() / 1000.0));
        } catch (RuntimeException failure) {
            added.forEach(stopper::stop);
            throw failure;
        }
    }

    private static int effectivePool(Integer pool) {
        return pool == null ? UpRequest.SERVICES_DOWNSTREAM_POOL : pool;
    }

    /** Saves the next topology, has the gateway balance over it, then drains and stops the replicas that left. */
    private LabState switchTo(LabState next, List<LabProcess> leaving, LabProcess gateway) {
        gatewayInstances.write(next);
        record(next);
        actuator.reloadReplicas(gateway);
        out.printf("Gateway now balances over: %s%n", Service.variants().stream()
                .map(service -> service.serviceName() + "=" + next.replicasOf(service).size()).toList());
        for (LabProcess replica : leaving.stream().filter(LabProcess::isAlive).toList()) {
            drain(replica);
            out.printf("  stopped %-19s (%s)%n", replica.name(), describe(stopper.stop(replica)));
        }
        return next;
    }

    /**
     * Turns the gateway's cache layer on or off: the gateway is stopped (gracefully, its requests
     * drained) and started again on the same port with the new setting. Nothing happens if it
     * already runs that way.
     */
    public LabState gatewayCache(boolean on) {
        LabState state = current().orElseThrow(() -> new LabException("The lab is not up. Run ./lab up first."));
        if (state.cacheOn() == on) {
            return state;
        }
        LabProcess old = state.only(Service.GATEWAY).orElseThrow();
        out.printf("Restarting the gateway with its cache %s ...%n", on ? "on" : "off");
        stopper.stop(old);
        LabProcess gateway = startGateway(old.port(), on);
        readiness.await(List.of(gateway), (process, took) ->
                out.printf("  ready  %-20s %5.1f s%n", process.name(), took.toMillis() / 1000.0));
        LabState next = state.withGateway(gateway, on);
        record(next);
        return next;
    }

    /** The state saved, and Prometheus's targets with it. */
    private void record(LabState state) {
        store.save(state);
        prometheusTargets.write(state);
    }

    /** The Prometheus configuration that follows this lab (see {@link PrometheusTargets}). */
    public Path prometheusConfiguration() {
        return prometheusTargets.configuration();
    }

    private LabProcess startGateway(int port, boolean cache) {
        return launcher.start("gateway", Service.GATEWAY, port,
                List.of(gatewayInstances.importArgument(), "--lab.gateway.cache.enabled=" + cache));
    }

    /** Stops every process of the topology: the gateway first, so no new request reaches a replica. */
    public DownResult down() {
        LabState state = store.load().orElseThrow(() -> new LabException("The lab is not up; nothing to stop."));
        Map<String, Stopper.Outcome> outcomes = new LinkedHashMap<>();
        state.only(Service.GATEWAY).ifPresent(gateway -> outcomes.put(gateway.name(), stopper.stop(gateway)));
        List<LabProcess> rest = state.processes().stream().filter(process -> process.service() != Service.GATEWAY).toList();
        Map<String, Stopper.Outcome> parallel = new ConcurrentHashMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Stopper.Outcome>> stops = rest.stream()
                    .map(process -> executor.submit(() -> parallel.put(process.name(), stopper.stop(process))))
                    .toList();
            stops.forEach(Topology::join);
        }
        rest.forEach(process -> outcomes.put(process.name(), parallel.get(process.name())));
        store.delete();
        prometheusTargets.clear();
        List<Integer> stillListening = state.processes().stream()
                .flatMap(process -> Stream.of(process.port(), process.managementPort()))
                .filter(Ports::isListening).toList();
        return new DownResult(outcomes, stillListening);
    }

    public List<ProcessStatus> status() {
        LabState state = current().orElseThrow(() -> new LabException("The lab is not up. Run ./lab up first."));
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ProcessStatus>> statuses = state.processes().stream()
                    .map(process -> executor.submit(() -> statusOf(process))).toList();
            return statuses.stream().map(Topology::join).toList();
        }
    }

    private ProcessStatus statusOf(LabProcess process) {
        boolean alive = process.isAlive();
        boolean ready = alive && actuator.isReady(process);
        return new ProcessStatus(process, alive, ready, Duration.between(process.startedAt(), Instant.now()),
                alive ? ResidentMemory.of(process.pid()) : OptionalLong.empty(),
                ready ? actuator.metric(process, "jvm.threads.live") : OptionalDouble.empty(),
                ready ? actuator.metric(process, "jvm.threads.virtual.live") : OptionalDouble.empty(),
                ready ? actuator.metric(process, "lab.requests.inflight") : OptionalDouble.empty());
    }

    private LabProcess startReplica(Service service, int index, LabProcess downstream, String downstreamLatency,
            Integer downstreamPool) {
        List<String> arguments = new ArrayList<>(List.of(
                "--lab.downstream.url=" + downstream.url(), "--lab.downstream.latency=" + downstreamLatency));
        if (downstreamPool != null) {
            arguments.add("--lab.downstream.max-connections=" + downstreamPool);
        }
        return launcher.start(service.serviceName() + "-" + index, service, arguments);
    }

    /** Waits (bounded) until a replica the gateway no longer sends to has answered what it had. */
    private void drain(LabProcess replica) {
        Instant deadline = Instant.now().plus(DRAIN_TIMEOUT);
        while (Instant.now().isBefore(deadline)
                && actuator.metric(replica, "lab.requests.inflight").orElse(0) > 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public static String describe(Stopper.Outcome outcome) {
        return switch (outcome) {
            case GRACEFUL -> "graceful";
            case FORCED -> "killed after " + STOP_GRACE.toSeconds() + " s";
            case ALREADY_GONE -> "was already gone";
        };
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /** How each process ended, and any of their ports that still accept connections (should be none). */
    public record DownResult(Map<String, Stopper.Outcome> outcomes, List<Integer> stillListening) {
    }

    /** What up started, how long each process took to be ready, and how long it all took. */
    public record UpResult(LabState state, Map<String, Duration> readiness, Duration total) {
    }
}
