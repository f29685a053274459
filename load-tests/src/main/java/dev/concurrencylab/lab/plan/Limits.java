package dev.concurrencylab.lab.plan;

/**
 * The deployment's limits the plan's bounds divide by: set in docker-compose.yml, the services'
 * properties and services/jvm/replica.flags, not measured.
 *
 * @param mvcThreads Tomcat's platform threads per mvc replica ({@code server.tomcat.threads.max})
 * @param eventLoops Reactor Netty's event loops per webflux replica (max(cores, 4): 4 on the lab's replicas)
 * @param downstreamConnections each replica's pool to downstream ({@code lab.downstream.max-connections})
 * @param gatewayCpus the gateway's cores (one gateway: it does not scale with the replicas)
 * @param replicaMemoryBytes a replica's memory limit (docker-compose.yml)
 * @param replicaHeapBytes a replica's maximum heap ({@code -Xmx} in services/jvm/replica.flags)
 */
public record Limits(int mvcThreads, int eventLoops, int downstreamConnections, double gatewayCpus, long replicaMemoryBytes,
        long replicaHeapBytes) {

    public static Limits deployment() {
        return new Limits(200, 4, 1000, 1.0, 320L << 20, 128L << 20);
    }
}
