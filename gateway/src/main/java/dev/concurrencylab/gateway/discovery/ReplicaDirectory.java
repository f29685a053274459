package dev.concurrencylab.gateway.discovery;

import java.util.List;
import java.util.function.BiConsumer;

import reactor.core.publisher.Mono;

/** Where the replicas of each service come from: a static list or DNS. */
public interface ReplicaDirectory {

    /** The replicas of {@code service} now (empty: none known). */
    Mono<List<Replica>> replicas(String service);

    /** Tells {@code listener} the service and its new list whenever the replicas of a service change. */
    void onChange(BiConsumer<String, List<Replica>> listener);
}
