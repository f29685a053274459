package dev.concurrencylab.gateway.balancing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.concurrencylab.gateway.discovery.Replica;

/**
 * Chooses a replica of one service among the eligible ones: not ejected, and not already tried
 * by this request (so a retry always goes to another replica). If every replica is ejected, the
 * ejection is ignored rather than failing everything. Subclasses only pick among candidates.
 */
public abstract class ReplicaBalancer {

    /** A replica chosen, and how many other eligible replicas the request has not tried yet. */
    public record Choice(Replica replica, int untriedLeft) {
    }

    protected final ReplicaLoad load;

    protected ReplicaBalancer(ReplicaLoad load) {
        this.load = load;
    }

    /** Picks one of {@code candidates}, which is never empty. */
    protected abstract Replica pick(List<Replica> candidates);

    /** A replica of {@code replicas} that is not in {@code tried}, or null when there is none. */
    public Choice choose(List<Replica> replicas, Set<Replica> tried) {
        List<Replica> candidates = eligible(replicas, tried, true);
        if (candidates.isEmpty()) {
            candidates = eligible(replicas, tried, false);
        }
        if (candidates.isEmpty()) {
            return null;
        }
        return new Choice(pick(candidates), candidates.size() - 1);
    }

    private List<Replica> eligible(List<Replica> replicas, Set<Replica> tried, boolean healthyOnly) {
        if (tried.isEmpty() && (!healthyOnly || !load.anyEjected())) {
            return replicas;
        }
        List<Replica> eligible = new ArrayList<>(replicas.size());
        for (Replica replica : replicas) {
            if (!tried.contains(replica) && !(healthyOnly && load.isEjected(replica))) {
                eligible.add(replica);
            }
        }
        return eligible;
    }
}
