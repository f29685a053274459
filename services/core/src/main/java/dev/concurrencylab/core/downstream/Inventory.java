package dev.concurrencylab.core.downstream;

/** Stock and price of one product, as downstream (the "database") knows them. */
public record Inventory(int productId, long priceCents, int stock) {
}
