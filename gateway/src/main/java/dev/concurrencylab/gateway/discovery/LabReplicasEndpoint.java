package dev.concurrencylab.gateway.discovery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/labreplicas} (management port): {@code GET} shows the static replica lists in
 * use; {@code POST} re-reads {@code lab.gateway.discovery.replicas-file} at once, which the lab
 * harness does after it started or stopped replicas, and answers with the lists now in use.
 */
@Endpoint(id = "labreplicas")
public final class LabReplicasEndpoint {

    private final StaticReplicas replicas;

    public LabReplicasEndpoint(StaticReplicas replicas) {
        this.replicas = replicas;
    }

    @ReadOperation
    public Map<String, Object> show() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("file", replicas.file() == null ? null : replicas.file().toString());
        Map<String, List<String>> services = new LinkedHashMap<>();
        replicas.current().forEach((service, list) -> services.put(service, list.stream().map(Replica::baseUri).toList()));
        shown.put("replicas", services);
        return shown;
    }

    @WriteOperation
    public Map<String, Object> reload() {
        replicas.reload();
        return show();
    }
}
