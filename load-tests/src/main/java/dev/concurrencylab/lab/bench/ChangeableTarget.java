package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concurrencylab.lab.report.BenchResults.ProcessSample;
import dev.concurrencylab.lab.scenario.Event;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.launcher.Service;

/**
 * A deployment the bench did not start but may change (compose, Kubernetes): traffic and actuators
 * as for any deployment; a scenario's events and {@code --replicas} done through the platform's own
 * tools; after a run with events, slowdowns ended and each variant scaled back to the replicas it
 * had; a replica that ends without an event is a loss. What differs per platform — how replicas
 * are listed, killed, slowed, scaled and found lost — is left to the subclass.
 *
 * @param <R> a replica as the platform knows it (a container, a pod)
 */
abstract class ChangeableTarget<R> implements BenchTarget {

    private final RemoteTarget traffic;
    /** Replicas a scenario's event killed, id to variant: their end is the point, not a loss. */
    private final Map<String, String> killed = new ConcurrentHashMap<>();
    /** Replicas a scenario's event slowed down, by id: healthy again after the run. */
    private final Map<String, R> slowed = new ConcurrentHashMap<>();
    /** Running replicas per variant when the cell was prepared, to bring back after its events. */
    private final Map<String, Integer> prepared = new ConcurrentHashMap<>();
    /** Replicas that ran when the run began or a scale started them, by id, with how often each had restarted then. */
    private final Map<String, Integer> watched = new ConcurrentHashMap<>();
    /** While the platform scales, replicas it stops or removes are its doing, not losses. */
    private final AtomicInteger scaling = new AtomicInteger();

    ChangeableTarget(RemoteTarget traffic) {
        this.traffic = traffic;
    }

    /** The variant's serving replicas now, in the order events number them (service-webflux-1 first). */
    abstract List<R> running(String variant);

    abstract String id(R replica);

    abstract String name(R replica);

    /** How often the replica has restarted so far. */
    abstract int restarts(R replica);

    /** Ends the replica as a crash would. */
    abstract void kill(R replica);

    /** Has the replica answer every request {@code io} later ({@code 0s}: healthy again). */
    abstract void slowDown(R replica, Duration io);

    /** Gives the variant {@code replicas} serving replicas and returns once they serve. */
    abstract void scaleTo(String variant, int replicas);

    /** The command that gives a variant n replicas here, e.g. {@code kubectl scale ... --replicas=%d}, for messages. */
    abstract String scaleHint();

    /** Why {@code --cache} cannot be done here, and what to do instead. */
    abstract String cacheAdvice();

    /** Where the variant runs, for the message when it has no replica: "compose project", "namespace x". */
    abstract String where();

    /** The watched replicas (by id) that ended without an event, each described; the killed ones are not asked. */
    abstract List<String> lostAmong(Map<String, Integer> restartsBefore);

    /** Checks before a scale to the variant that new replicas will be like the running ones; by default they are. */
    void checkScaleWouldMatch(String variant) {
    }

    @Override
    public final URI base() {
        return traffic.base();
    }

    @Override
    public final List<ObservedProcess> processes() {
        return traffic.processes();
    }

    @Override
    public final Map<String, ProcessSample> containerSamples() {
        return traffic.containerSamples();
    }

    @Override
    public final Integer replicasOf(String variant) {
        return running(variant).size();
    }

    @Override
    public final boolean changesDeployment() {
        return true;
    }

    @Override
    public final void purgeCache() {
        traffic.purgeCache();
    }

    @Override
    public final void prepare(MatrixCell cell) {
        if (cell.replicas() != null && replicasOf(cell.variant()) != cell.replicas()) {
            checkScaleWouldMatch(cell.variant());
            scale(cell.variant(), cell.replicas());
        }
        if (replicasOf(cell.variant()) == 0) {
            throw new LabException("%s runs no replica of %s; %s, or leave it out with --variants"
                    .formatted(where(), cell.variant(), scaleHint().formatted(cell.variant(), 2)));
        }
        killed.clear();
        prepared.putAll(runningPerVariant());
        watchRunning();
    }

    @Override
    public final void checkCanRun(MatrixCell cell) {
        if (cell.cache() != null) {
            throw new LabException(cacheAdvice());
        }
        BenchTarget.refusePoolChange(cell);
        EventReplicas.check(cell, runningPerVariant(), scaleHint());
        cell.scenario().events().stream().filter(Event.Scale.class::isInstance).map(Event.Scale.class::cast)
                .map(Event.Scale::variant).distinct().forEach(this::checkScaleWouldMatch);
    }

    @Override
    public final void apply(Event event) {
        switch (event) {
            case Event.Kill kill -> {
                R replica = named(kill.replica());
                killed.put(id(replica), ReplicaName.of(kill.replica()).variant());
                kill(replica);
            }
            case Event.Slow slow -> {
                R replica = named(slow.replica());
                slowDown(replica, slow.io());
                slowed.put(id(replica), replica);
            }
            case Event.Scale scale -> scale(scale.variant(), scale.replicas());
        }
    }

    /** The replica an event names: the variant's n-th running one now. */
    private R named(String name) {
        ReplicaName named = ReplicaName.of(name);
        List<R> running = running(named.variant());
        if (named.ordinal() > running.size()) {
            throw new LabException("%s: %s runs %d replica(s) now: %s".formatted(name, named.variant(), running.size(),
                    running.stream().map(this::name).toList()));
        }
        return running.get(named.ordinal() - 1);
    }

    private void scale(String variant, int replicas) {
        scaling.incrementAndGet();
        try {
            scaleTo(variant, replicas);
        } finally {
            watchRunning();
            scaling.decrementAndGet();
        }
    }

    @Override
    public final List<String> lost() {
        if (scaling.get() > 0 || watched.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> unasked = new LinkedHashMap<>(watched);
        unasked.keySet().removeAll(killed.keySet());
        return lostAmong(unasked);
    }

    @Override
    public final void restore() {
        slowed.values().forEach(replica -> {
            try {
                slowDown(replica, Duration.ZERO);
            } catch (LabException gone) {
                // a slowed replica a later event killed, or one replaced: nothing left to heal
            }
        });
        slowed.clear();
        prepared.forEach((variant, replicas) -> {
            if (replicasOf(variant) != replicas || killed.containsValue(variant)) {
                scale(variant, replicas);
            }
        });
        killed.clear();
        watchRunning();
    }

    private void watchRunning() {
        watched.clear();
        for (String variant : variants()) {
            running(variant).stream().filter(replica -> !killed.containsKey(id(replica)))
                    .forEach(replica -> watched.put(id(replica), restarts(replica)));
        }
    }

    private Map<String, Integer> runningPerVariant() {
        Map<String, Integer> running = new LinkedHashMap<>();
        variants().forEach(variant -> running.put(variant, replicasOf(variant)));
        return running;
    }

    private static List<String> variants() {
        return Service.variants().stream().map(variant -> variant.variant().orElseThrow()).toList();
    }

    /** {@code webflux} → {@code service-webflux}: the compose service and the Kubernetes Deployment. */
    static String serviceOf(String variant) {
        return "service-" + variant;
    }
}
