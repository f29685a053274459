package dev.concurrencylab.gateway.cache;

/** A request with {@code Cache-Control: only-if-cached} that the cache cannot answer (RFC 9111 §5.2.1.7): 504. */
public final class NotCachedException extends RuntimeException {

    public NotCachedException(String path) {
        super("No stored response for " + path + " satisfies the request, and it asked for only-if-cached");
    }
}
