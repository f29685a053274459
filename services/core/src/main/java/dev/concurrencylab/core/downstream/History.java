package dev.concurrencylab.core.downstream;

import java.util.List;

/** The products one user viewed recently, as downstream knows them. */
public record History(int userId, List<Integer> viewedProductIds) {
}
