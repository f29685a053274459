package dev.concurrencylab.core.products;

/**
 * A product as {@code GET /products/{id}} returns it: catalog data joined with downstream's stock
 * and price. The same id gives the same body on every variant and replica, so a shared cache may
 * serve it to anyone and its ETag validates across replicas.
 */
public record Product(int id, String name, String description, String price, String currency, int stock) {
}
