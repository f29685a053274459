package dev.concurrencylab.lab.plan;

/**
 * What the model predicts for one variant at one size, with or without the gateway's cache.
 *
 * @param variant mvc, virtual or webflux
 * @param cache whether the gateway's cache is on
 * @param replicas how many replicas
 * @param offered requests per second the workload asks for when nothing queues
 * @param throughput requests per second served
 * @param hitRatio share answered by the gateway's cache
 * @param p50Millis median latency, or infinity when the queue grows without bound
 * @param p99Millis 99th percentile latency, or infinity
 * @param cpuPerReplica cores each replica is busy
 * @param gatewayCpu cores the gateway is busy
 * @param inFlightPerReplica requests in flight at each replica (Little's law)
 * @param memoryPerReplicaBytes resident memory of each replica
 * @param bound what limits each replica (or the gateway) at this size
 * @param saturated whether the bound is reached: the offered load is not all served
 */
public record Prediction(String variant, boolean cache, int replicas, double offered, double throughput, double hitRatio,
        double p50Millis, double p99Millis, double cpuPerReplica, double gatewayCpu, double inFlightPerReplica,
        double memoryPerReplicaBytes, Bound bound, boolean saturated) {
}
