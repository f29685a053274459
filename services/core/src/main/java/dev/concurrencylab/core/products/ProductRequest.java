package dev.concurrencylab.core.products;

import java.time.Duration;

/**
 * One validated {@code GET /products/{id}} request.
 *
 * @param productId an id in the catalog
 * @param latency the I/O wait to ask downstream for
 */
public record ProductRequest(int productId, Duration latency) {
}
