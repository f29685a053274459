package dev.concurrencylab.gateway.proxy;

/** A balanced route whose service has no replica to send to (none discovered, or all tried). */
public final class NoReplicaException extends RuntimeException {

    public NoReplicaException(String routeId, String service) {
        super("Route %s has no replica of %s to send to".formatted(routeId, service), null, false, false);
    }
}
