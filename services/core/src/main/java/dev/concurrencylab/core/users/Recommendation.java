package dev.concurrencylab.core.users;

/** One recommended product and its score (0..999, higher is better). */
public record Recommendation(int productId, int score) {
}
