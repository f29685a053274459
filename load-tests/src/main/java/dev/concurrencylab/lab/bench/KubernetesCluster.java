package dev.concurrencylab.lab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.topology.LabException;

/**
 * The lab's namespace on a Kubernetes cluster, through {@code kubectl} and the user's kubeconfig
 * (the cluster the user already reaches, with the rights the user has): pods found by the labels
 * of k8s/base, deployments scaled, pods deleted as a crash would end them, requests made to a
 * pod's management port from inside it. kubectl rather than an API client: it is what the
 * deployment's users run, and it carries their authentication.
 */
final class KubernetesCluster {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(4);
    private static final String ROLLOUT_TIMEOUT = "180s";

    private final String namespace;
    private final JsonMapper json = JsonMapper.builder().build();

    /** One pod as the bench needs it: ready means it serves (Running, every container ready, not being deleted). */
    record Pod(String name, String created, boolean ready, int restarts, String deployment) {
    }

    KubernetesCluster(String namespace) {
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    /** The pods of one of the lab's deployments, oldest first (by creation, then name), ready or not. */
    List<Pod> pods(String deployment) {
        return parse(kubectl(List.of("get", "pods", "--selector", "app.kubernetes.io/name=" + deployment, "--output", "json"),
                "list the pods of " + deployment), deployment);
    }

    /** The ready pods of a deployment: the replicas that serve. */
    List<Pod> ready(String deployment) {
        return pods(deployment).stream().filter(Pod::ready).toList();
    }

    /** {@code kubectl get pods -o json}'s items as pods, oldest first. */
    List<Pod> parse(String podList, String deployment) {
        List<Pod> pods = new ArrayList<>();
        for (JsonNode item : json.readTree(podList).path("items")) {
            JsonNode status = item.path("status");
            boolean containersReady = !status.path("containerStatuses").isEmpty();
            int restarts = 0;
            for (JsonNode container : status.path("containerStatuses")) {
                containersReady &= container.path("ready").asBoolean(false);
                restarts += container.path("restartCount").asInt(0);
            }
            boolean ready = "Running".equals(status.path("phase").asString("")) && containersReady
                    && item.path("metadata").path("deletionTimestamp").isMissingNode();
            pods.add(new Pod(item.path("metadata").path("name").asString(), item.path("metadata").path("creationTimestamp")
                    .asString(""), ready, restarts, deployment));
        }
        pods.sort(Comparator.comparing(Pod::created).thenComparing(Pod::name));
        return pods;
    }

    /** {@code kubectl scale}, then {@code kubectl rollout status}: returns once the new pods are ready. */
    void scale(String deployment, int replicas) {
        kubectl(List.of("scale", "deployment/" + deployment, "--replicas=" + replicas), "scale " + deployment);
        kubectl(List.of("rollout", "status", "deployment/" + deployment, "--timeout=" + ROLLOUT_TIMEOUT),
                "wait for " + deployment + " to be ready");
    }

    /** The pod ended at once, as a crash would end it (no grace period); its Deployment makes a new one. */
    void kill(Pod pod) {
        kubectl(List.of("delete", "pod", pod.name(), "--grace-period=0", "--force", "--wait=false"), "delete " + pod.name());
    }

    /** A request to the pod's management port from inside it ({@link InsideRequest}); returns the status. */
    int management(Pod pod, String method, String path, String jsonBody) {
        List<String> exec = new ArrayList<>(List.of("exec", pod.name(), "--"));
        exec.addAll(InsideRequest.command(method, path, jsonBody));
        return InsideRequest.status(kubectl(exec, method + " " + path + " in " + pod.name()), pod.name(), method, path);
    }

    /** Runs kubectl in the namespace; returns what it printed on standard output. */
    private String kubectl(List<String> arguments, String what) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--namespace", namespace));
        command.addAll(arguments);
        return ExternalCommand.run("kubectl", command, COMMAND_TIMEOUT, what + " in namespace " + namespace);
    }
}
