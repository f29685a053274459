package dev.concurrencylab.gateway.cache;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpHeaders;

/**
 * What a shared cache may store (RFC 9111 §3) and for how long a stored response is fresh (§4.2.1,
 * §4.2.2), for one route. Stateless and cheap to call.
 */
final class CachePolicy {

    /** Final status codes this cache understands and stores (never 206: no range support; never 5xx). */
    private static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 302, 307, 308, 404, 405, 410, 414, 451);
    /** Heuristically cacheable (RFC 9110 §15.1) among those understood; 206 and 501 are not stored at all. */
    private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414);

    private final long defaultTtl;
    private final long staleWhileRevalidate;
    private final long staleIfError;
    private final long heuristicMax;
    private final List<String> targets;

    /** Durations may be null: no override. {@code targets}: the targeted cache-control fields obeyed (RFC 9213). */
    CachePolicy(Duration defaultTtl, Duration staleWhileRevalidate, Duration staleIfError, Duration heuristicMax,
            List<String> targets) {
        this.targets = List.copyOf(targets);
        this.defaultTtl = millis(defaultTtl);
        this.staleWhileRevalidate = millis(staleWhileRevalidate);
        this.staleIfError = millis(staleIfError);
        this.heuristicMax = heuristicMax.toMillis();
    }

    /** A response's directives as this cache reads them: its targeted field if it has one, else Cache-Control. */
    Directives directives(HttpHeaders response) {
        return Directives.ofResponse(response, targets);
    }

    private static long millis(Duration duration) {
        return duration == null ? -1 : duration.toMillis();
    }

    /**
     * Whether a response to a GET may be stored by a shared cache (§3, §3.5): an understood final
     * status; neither request nor response {@code no-store}; not {@code private}; a request with
     * {@code Authorization} only when the response says {@code public}, {@code s-maxage} or
     * {@code must-revalidate}; no {@code Set-Cookie} (never shared between clients: such responses
     * are not stored at all); no {@code Vary: *}; explicit freshness, {@code public} or a
     * heuristically cacheable status; and worth keeping (some freshness, a validator to revalidate
     * with, or a stale-while-revalidate window).
     */
    boolean storable(Directives request, HttpHeaders requestHeaders, int status, HttpHeaders response,
            Directives directives, List<String> varyNames, long now) {
        if (!UNDERSTOOD.contains(status) || request.noStore() || directives.noStore() || directives.isPrivate()) {
            return false;
        }
        if (requestHeaders.containsHeader(HttpHeaders.AUTHORIZATION)
                && !(directives.isPublic() || directives.sMaxAge() != Directives.ABSENT || directives.mustRevalidate())) {
            return false;
        }
        if (response.containsHeader(HttpHeaders.SET_COOKIE) || varyNames.contains("*")) {
            return false;
        }
        boolean explicit = hasExplicitFreshness(response, directives);
        if (!explicit && !directives.isPublic() && !HEURISTIC.contains(status)) {
            return false;
        }
        long date = CachedResponse.dateOf(response, now);
        return freshness(status, response, directives, date) > 0
                || response.getETag() != null || response.containsHeader(HttpHeaders.LAST_MODIFIED)
                || staleWhileRevalidate(directives) > 0;
    }

    private static boolean hasExplicitFreshness(HttpHeaders response, Directives directives) {
        return directives.sMaxAge() != Directives.ABSENT || directives.maxAge() != Directives.ABSENT
                || (!directives.targeted() && response.containsHeader(HttpHeaders.EXPIRES));
    }

    /**
     * The freshness lifetime in ms: {@code s-maxage}, else {@code max-age}, else {@code Expires}
     * minus {@code Date} (an invalid Expires, read strictly by {@link HttpDates}: already expired; a
     * targeted field replaces Expires too); without any of them the route's default TTL (an
     * override of the heuristic), else the heuristic of §4.2.2 (10% of Date minus Last-Modified,
     * capped at {@code lab.gateway.cache.heuristic-max}) for heuristically cacheable statuses and
     * {@code public} responses, else 0.
     */
    long freshness(int status, HttpHeaders response, Directives directives, long date) {
        if (directives.sMaxAge() != Directives.ABSENT) {
            return directives.sMaxAge() * 1000;
        }
        if (directives.maxAge() != Directives.ABSENT) {
            return directives.maxAge() * 1000;
        }
        if (!directives.targeted() && response.containsHeader(HttpHeaders.EXPIRES)) {
            List<String> all = response.get(HttpHeaders.EXPIRES);
            // more than one Expires is no valid value either
            long expires = all.size() == 1 ? HttpDates.parse(all.getFirst()) : -1;
            return expires < 0 ? 0 : Math.max(0, expires - date);
        }
        if (defaultTtl >= 0) {
            return defaultTtl;
        }
        long lastModified = CachedResponse.date(response, HttpHeaders.LAST_MODIFIED);
        if (lastModified >= 0 && (HEURISTIC.contains(status) || directives.isPublic())) {
            return Math.min(heuristicMax, Math.max(0, (date - lastModified) / 10));
        }
        return 0;
    }

    /** The RFC 5861 stale-while-revalidate window in ms: the origin's, else the route's default, else none (0). */
    long staleWhileRevalidate(Directives directives) {
        return directives.staleWhileRevalidate() != Directives.ABSENT
                ? directives.staleWhileRevalidate() * 1000 : Math.max(0, staleWhileRevalidate);
    }

    /** The RFC 5861 stale-if-error window in ms: the origin's, else the route's default, else none (0). */
    long staleIfError(Directives directives) {
        return directives.staleIfError() != Directives.ABSENT
                ? directives.staleIfError() * 1000 : Math.max(0, staleIfError);
    }
}
