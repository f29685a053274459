package dev.concurrencylab.gateway.cache;

/**
 * The one decision of the cache about a request and what its key holds (RFC 9111 §4.2, §4.3,
 * §5.2.1, RFC 5861): answer from the stored response as it is, answer stale (and maybe refresh in
 * the background), go upstream to revalidate it, or go upstream because there is nothing usable.
 */
sealed interface Freshness {

    /** Fresh enough for this request: served as it is ({@code HIT}). */
    record Serve() implements Freshness {
    }

    /**
     * Stale, and acceptable anyway ({@code STALE}): the client's {@code max-stale} allows it, or it
     * is within {@code stale-while-revalidate}, in which case one background refresh starts.
     */
    record Stale(boolean refreshInBackground) implements Freshness {
    }

    /** Stored, but not usable without asking the upstream (stale, or {@code no-cache}): revalidate with its validators. */
    record Revalidate() implements Freshness {
    }

    /** Nothing stored for this request: go upstream. */
    record Miss() implements Freshness {
    }

    Freshness SERVE = new Serve();
    Freshness STALE = new Stale(false);
    Freshness STALE_AND_REFRESH = new Stale(true);
    Freshness REVALIDATE = new Revalidate();
    Freshness MISS = new Miss();

    /** What to do with {@code stored} (null: nothing stored) for a request with {@code request} directives, at {@code now}. */
    static Freshness of(CachedResponse stored, Directives request, long now) {
        if (stored == null) {
            return MISS;
        }
        long age = stored.age(now);
        boolean validate = stored.directives.noCache() || request.noCache()
                || (request.maxAge() != Directives.ABSENT && (request.maxAge() == 0 || age / 1000 > request.maxAge()))
                || (request.minFresh() != Directives.ABSENT && stored.freshness - age < request.minFresh() * 1000);
        if (validate) {
            return REVALIDATE;
        }
        if (age < stored.freshness) {
            return SERVE;
        }
        long staleness = age - stored.freshness;
        if (!stored.directives.forbidsStale()) {
            if (request.maxStale() != Directives.ABSENT
                    && (request.maxStale() == Directives.ANY || staleness <= request.maxStale() * 1000)) {
                return STALE;
            }
            if (staleness < stored.staleWhileRevalidate) {
                return STALE_AND_REFRESH;
            }
        }
        return REVALIDATE;
    }
}
