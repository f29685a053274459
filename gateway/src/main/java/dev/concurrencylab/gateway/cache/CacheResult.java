package dev.concurrencylab.gateway.cache;

import java.util.Locale;

/** How a response of a cached route was produced; its name is the {@code X-Cache} header value. */
enum CacheResult {
    /** Served from a stored response that was fresh enough for the request (also: a coalesced waiter's answer). */
    HIT,
    /** Fetched from upstream (stored if it may be). */
    MISS,
    /** Served from a stale stored response: stale-while-revalidate, stale-if-error or the client's max-stale. */
    STALE,
    /** A stale stored response the upstream confirmed (304) and served refreshed. */
    REVALIDATED,
    /** Not handled by the cache: the cache is off, the method or path is not cached, or a Range request. */
    BYPASS;

    final String header = name();
    final String tag = name().toLowerCase(Locale.ROOT);
}
