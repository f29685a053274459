package dev.concurrencylab.lab.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.launcher.Service;

/**
 * The lab on a Kubernetes cluster ({@code --target URL --kubernetes[=NAMESPACE]}, the gateway
 * reached through a port-forward or an ingress): a scenario's events done through kubectl
 * ({@link KubernetesCluster}) — a replica's pod deleted as a crash would end it (its Deployment
 * makes a new one), a slowdown through {@code kubectl exec}, a variant's Deployment scaled.
 * Replicas are the variant's ready pods, oldest first.
 */
public final class KubernetesTarget extends ChangeableTarget<KubernetesCluster.Pod> {

    private final KubernetesCluster cluster;

    public KubernetesTarget(URI base, List<ObservedProcess> processes, String namespace) {
        super(new RemoteTarget(base, processes, Map::of));
        this.cluster = new KubernetesCluster(namespace);
    }

    @Override
    List<KubernetesCluster.Pod> running(String variant) {
        return cluster.ready(serviceOf(variant));
    }

    @Override
    String id(KubernetesCluster.Pod replica) {
        return replica.name();
    }

    @Override
    String name(KubernetesCluster.Pod replica) {
        return replica.name();
    }

    @Override
    int restarts(KubernetesCluster.Pod replica) {
        return replica.restarts();
    }

    @Override
    void kill(KubernetesCluster.Pod replica) {
        cluster.kill(replica);
    }

    @Override
    void slowDown(KubernetesCluster.Pod replica, Duration io) {
        int status = cluster.management(replica, "POST", "/actuator/labslowdown",
                "{\"io\":\"%s\"}".formatted(Quantities.format(io)));
        if (status != 200) {
            throw new LabException("%s did not take the slowdown (labslowdown answered %d)".formatted(replica.name(), status));
        }
    }

    @Override
    void scaleTo(String variant, int replicas) {
        cluster.scale(serviceOf(variant), replicas);
    }

    @Override
    String scaleHint() {
        return "kubectl scale deployment/service-%s --replicas=%d";
    }

    @Override
    String cacheAdvice() {
        return "--cache switches the local lab's gateway cache; on Kubernetes add components/cache-off to the overlay (or "
                + "leave it out) and apply it, once per setting";
    }

    @Override
    String where() {
        return "namespace " + cluster.namespace();
    }

    /** Pods that went away, stopped being ready or restarted, each with the kubectl command that shows why. */
    @Override
    List<String> lostAmong(Map<String, Integer> restartsBefore) {
        Map<String, KubernetesCluster.Pod> now = new LinkedHashMap<>();
        for (Service variant : Service.variants()) {
            cluster.pods(serviceOf(variant.variant().orElseThrow())).forEach(pod -> now.put(pod.name(), pod));
        }
        String namespace = cluster.namespace();
        List<String> lost = new ArrayList<>();
        restartsBefore.forEach((name, before) -> {
            KubernetesCluster.Pod pod = now.get(name);
            if (pod == null) {
                lost.add("pod %s is gone (kubectl -n %s get events says why)".formatted(name, namespace));
            } else if (pod.restarts() > before) {
                lost.add("pod %s restarted (kubectl -n %s logs %s --previous shows how it ended)".formatted(name, namespace,
                        name));
            } else if (!pod.ready()) {
                lost.add("pod %s is no longer ready (kubectl -n %s describe pod %s)".formatted(name, namespace, name));
            }
        });
        return lost;
    }
}
