package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.scenario.Event;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.launcher.Service;

/**
 * The lab on a Kubernetes cluster ({@code --target URL --kubernetes[=NAMESPACE]}, the gateway
 * reached through a port-forward or an ingress): traffic and actuators as for any deployment, and
 * the bench may change it as a scenario or {@code --replicas} says, through kubectl — delete a
 * replica's pod as a crash would end it (its Deployment makes a new one), slow one down, scale a
 * variant's Deployment — and scales back after a run with events.
 */
public final class KubernetesTarget implements BenchTarget {

    private static final String SCALE_HINT = "kubectl scale deployment/service-%s --replicas=%d";

    private final RemoteTarget traffic;
    private final KubernetesCluster cluster;
    /** Pods a scenario's event deleted, by name: their end is the point, not a loss. */
    private final Map<String, String> killed = new ConcurrentHashMap<>();
    /** Pods a scenario's event slowed down, by name: healthy again after the run. */
    private final Map<String, KubernetesCluster.Pod> slowed = new ConcurrentHashMap<>();
    /** Ready replicas per variant when the cell was prepared, to scale back to after its events. */
    private final Map<String, Integer> prepared = new ConcurrentHashMap<>();
    /** Pods ready when the run began or a scale made them, with their restarts then. */
    private final Map<String, Integer> watched = new ConcurrentHashMap<>();
    /** While a Deployment scales, pods it ends are its doing, not losses. */
    private final AtomicInteger scaling = new AtomicInteger();

    public KubernetesTarget(URI base, List<ObservedProcess> processes, String namespace) {
        this(new RemoteTarget(base, processes, Map::of), new KubernetesCluster(namespace));
    }

    KubernetesTarget(RemoteTarget traffic, KubernetesCluster cluster) {
        this.traffic = traffic;
        this.cluster = cluster;
    }

    @Override
    public URI base() {
        return traffic.base();
    }

    @Override
    public List<ObservedProcess> processes() {
        return traffic.processes();
    }

    /** Ready pods of the variant's Deployment, as Kubernetes counts available replicas. */
    @Override
    public Integer replicasOf(String variant) {
        return cluster.ready(deployment(variant)).size();
    }

    @Override
    public void prepare(MatrixCell cell) {
        if (cell.replicas() != null && replicasOf(cell.variant()) != cell.replicas()) {
            scale(cell.variant(), cell.replicas());
        }
        if (replicasOf(cell.variant()) == 0) {
            throw new LabException("namespace %s runs no ready replica of %s; %s, or leave it out with --variants"
                    .formatted(cluster.namespace(), cell.variant(), SCALE_HINT.formatted(cell.variant(), 2)));
        }
        killed.clear();
        for (String variant : variants()) {
            prepared.put(variant, replicasOf(variant));
        }
        watchReady();
    }

    @Override
    public boolean changesDeployment() {
        return true;
    }

    @Override
    public void checkCanRun(MatrixCell cell) {
        if (cell.cache() != null) {
            throw new LabException("--cache switches the local lab's gateway cache; on Kubernetes add components/cache-off "
                    + "to the overlay (or leave it out) and apply it, once per setting");
        }
        BenchTarget.refusePoolChange(cell);
        Map<String, Integer> running = new LinkedHashMap<>();
        variants().forEach(variant -> running.put(variant, replicasOf(variant)));
        EventReplicas.check(cell, running, SCALE_HINT);
    }

    @Override
    public void apply(Event event) {
        switch (event) {
            case Event.Kill kill -> {
                KubernetesCluster.Pod pod = ready(kill.replica());
                killed.put(pod.name(), pod.deployment());
                cluster.kill(pod);
            }
            case Event.Slow slow -> {
                KubernetesCluster.Pod pod = ready(slow.replica());
                slowDown(pod, slow.io());
                slowed.put(pod.name(), pod);
            }
            case Event.Scale scale -> scale(scale.variant(), scale.replicas());
        }
    }

    private void slowDown(KubernetesCluster.Pod pod, Duration io) {
        int status = cluster.management(pod, "POST", "/actuator/labslowdown", "{\"io\":\"%s\"}".formatted(Quantities.format(io)));
        if (status != 200) {
            throw new LabException("%s did not take the slowdown (labslowdown answered %d)".formatted(pod.name(), status));
        }
    }

    private void scale(String variant, int replicas) {
        scaling.incrementAndGet();
        try {
            cluster.scale(deployment(variant), replicas);
        } finally {
            watchReady();
            scaling.decrementAndGet();
        }
    }

    /** The replica an event names: the variant's n-th ready pod now, oldest first. */
    private KubernetesCluster.Pod ready(String name) {
        ReplicaName named = ReplicaName.of(name);
        List<KubernetesCluster.Pod> ready = cluster.ready(deployment(named.variant()));
        if (named.ordinal() > ready.size()) {
            throw new LabException("%s: %s has %d ready pod(s) now: %s".formatted(name, named.variant(), ready.size(),
                    ready.stream().map(KubernetesCluster.Pod::name).toList()));
        }
        return ready.get(named.ordinal() - 1);
    }

    /** Watched pods that went away, stopped being ready or restarted without an event, each described. */
    @Override
    public List<String> lost() {
        if (scaling.get() > 0 || watched.isEmpty()) {
            return List.of();
        }
        Map<String, KubernetesCluster.Pod> now = new LinkedHashMap<>();
        variants().forEach(variant -> cluster.pods(deployment(variant)).forEach(pod -> now.put(pod.name(), pod)));
        List<String> lost = new ArrayList<>();
        watched.forEach((name, restartsBefore) -> {
            if (killed.containsKey(name)) {
                return;
            }
            Optional<KubernetesCluster.Pod> pod = Optional.ofNullable(now.get(name));
            if (pod.isEmpty()) {
                lost.add("pod %s is gone (kubectl -n %s get events says why)".formatted(name, cluster.namespace()));
            } else if (pod.get().restarts() > restartsBefore) {
                lost.add("pod %s restarted (kubectl -n %s logs %s --previous shows how it ended)".formatted(name,
                        cluster.namespace(), name));
            } else if (!pod.get().ready()) {
                lost.add("pod %s is no longer ready (kubectl -n %s describe pod %s)".formatted(name, cluster.namespace(), name));
            }
        });
        return lost;
    }

    @Override
    public void restore() {
        slowed.values().forEach(pod -> {
            try {
                slowDown(pod, Duration.ZERO);
            } catch (LabException gone) {
                // a slowed pod deleted by a later event, or replaced: nothing left to heal
            }
        });
        slowed.clear();
        prepared.forEach((variant, replicas) -> {
            if (replicasOf(variant) != replicas || killed.containsValue(deployment(variant))) {
                scale(variant, replicas);
            }
        });
        killed.clear();
        watchReady();
    }

    @Override
    public void purgeCache() {
        traffic.purgeCache();
    }

    private void watchReady() {
        watched.clear();
        for (String variant : variants()) {
            cluster.ready(deployment(variant)).stream().filter(pod -> !killed.containsKey(pod.name()))
                    .forEach(pod -> watched.put(pod.name(), pod.restarts()));
        }
    }

    private static List<String> variants() {
        return Service.variants().stream().map(variant -> variant.variant().orElseThrow()).toList();
    }

    private static String deployment(String variant) {
        return "service-" + variant;
    }
}
