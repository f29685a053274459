package dev.concurrencylab.core.users;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

import dev.concurrencylab.core.config.LabProperties;
import dev.concurrencylab.core.downstream.History;
import dev.concurrencylab.core.params.Identifiers;
import dev.concurrencylab.core.params.QueryParameters;
import dev.concurrencylab.core.problem.NotFoundException;
import dev.concurrencylab.core.work.CpuBurner;

/**
 * {@code GET /users/{id}/recommendations[?latency=]}: per-user work that no shared cache may
 * reuse ({@code Cache-Control: private}). A variant fetches the user's history from downstream in
 * its own model; scoring here costs {@code lab.users.scoring-cpu} of CPU and is deterministic, so
 * every variant returns the same list.
 */
public final class RecommendationResource {

    public static final String PATH = "/users/{id}/recommendations";
    private static final Set<String> PARAMETERS = Set.of("latency");
    private static final int MAX_SCORE = 1000;

    private final LabProperties properties;
    private final CpuBurner cpuBurner;

    public RecommendationResource(LabProperties properties, CpuBurner cpuBurner) {
        this.properties = properties;
        this.cpuBurner = cpuBurner;
    }

    public RecommendationRequest request(String rawUserId, Map<String, List<String>> query) {
        QueryParameters parameters = QueryParameters.of(query, PARAMETERS);
        int userId = Identifiers.parse("id", rawUserId, 1, Integer.MAX_VALUE);
        int users = properties.users().count();
        if (userId > users) {
            throw new NotFoundException("There is no user %d; users have ids 1..%d".formatted(userId, users));
        }
        return new RecommendationRequest(userId,
                parameters.duration("latency", properties.downstream().latency(), properties.limits().maxIo()));
    }

    /** Scores on the calling thread, then responds. */
    public ResponseEntity<Recommendations> respond(RecommendationRequest request, History history) {
        cpuBurner.burn(properties.users().scoringCpu());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.empty().cachePrivate())
                .body(new Recommendations(request.userId(), score(request.userId(), history)));
    }

    private List<Recommendation> score(int userId, History history) {
        long seed = userId;
        for (int viewed : history.viewedProductIds()) {
            seed = seed * 31 + viewed;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int catalogSize = properties.products().catalogSize();
        int wanted = Math.min(properties.users().recommendations(), catalogSize);
        Set<Integer> picked = new LinkedHashSet<>();
        while (picked.size() < wanted) {
            picked.add(1 + random.nextInt(catalogSize));
        }
        return picked.stream()
                .map(productId -> new Recommendation(productId, random.nextInt(MAX_SCORE)))
                .sorted(Comparator.comparingInt(Recommendation::score).reversed()
                        .thenComparingInt(Recommendation::productId))
                .toList();
    }
}
