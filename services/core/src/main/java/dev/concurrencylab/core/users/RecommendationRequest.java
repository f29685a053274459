package dev.concurrencylab.core.users;

import java.time.Duration;

/**
 * One validated {@code GET /users/{id}/recommendations} request.
 *
 * @param userId an existing user
 * @param latency the I/O wait to ask downstream for (the user's history)
 */
public record RecommendationRequest(int userId, Duration latency) {
}
