package dev.concurrencylab.core.users;

import java.util.List;

/** The body of {@code GET /users/{id}/recommendations}: best first. */
public record Recommendations(int userId, List<Recommendation> items) {
}
