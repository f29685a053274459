/**
 * The gateway's shared HTTP cache (RFC 9111): on each route with {@code cache.enabled}, an
 * {@link dev.concurrencylab.gateway.cache.HttpCache} stage in front of the route's protections and
 * upstream, storing into the gateway's one {@link dev.concurrencylab.gateway.cache.ResponseCache}.
 * These are its rules, in one place.
 *
 * <h2>What is stored (RFC 9111 §3)</h2>
 * Responses to GET only (HEAD is answered from the GET entry, never the other way round), with an
 * understood final status (200, 203, 204, 300, 301, 302, 307, 308, 404, 405, 410, 414, 451; never
 * 206 or 5xx), unless: the request or the response says {@code no-store}; the response says
 * {@code private} (qualified or not); the request has {@code Authorization} and the response lacks
 * {@code public}, {@code s-maxage} and {@code must-revalidate}; the response has {@code Set-Cookie}
 * (such responses are not stored at all, so a cookie never reaches another client); the response
 * has {@code Vary: *}; the response has neither explicit freshness nor {@code public} nor a
 * heuristically cacheable status; or it would be useless (no freshness, no validator, no
 * stale-while-revalidate). The body is aggregated as it streams; past
 * {@code lab.gateway.cache.max-entry-bytes} the rest streams through and nothing is stored. The
 * bytes held while a body streams in count toward {@code lab.gateway.cache.max-bytes} like stored
 * ones; when the bound has no room left for them, that response streams through unstored.
 * Hop-by-hop fields, {@code Age}, {@code X-Request-Id} and {@code X-Cache} are not stored.
 *
 * <h2>Freshness and age (§4.2)</h2>
 * The directives are those of the response's {@code Cache-Control}, unless it carries a field of
 * {@code lab.gateway.cache.targets} (RFC 9213 targeted cache control; by default
 * {@code CDN-Cache-Control}) with a non-empty value: then the first such field replaces both
 * Cache-Control and Expires for this cache (and is passed on unchanged).
 * Lifetime: {@code s-maxage}, else {@code max-age}, else {@code Expires} − {@code Date}; without
 * any, the route's {@code default-ttl} (an override of the origin's silence, not of what it
 * says), else 10% of {@code Date} − {@code Last-Modified} capped at
 * {@code lab.gateway.cache.heuristic-max}, for heuristically cacheable statuses only. Age per
 * §4.2.3 (apparent age, corrected {@code Age}, response delay, resident time); every response
 * served from the cache carries {@code Age}. Dates are read strictly: IMF-fixdate and the two
 * obsolete forms, in GMT; an {@code Expires} that is anything else (or more than one) is already
 * expired (§5.3). Of an {@code Age} list only the first member counts, and an {@code Age} that is
 * not a non-negative integer is ignored (§5.1).
 *
 * <h2>Serving (§4, §4.3, §5.2)</h2>
 * A fresh entry is served ({@code HIT}), as 304 when the client's {@code If-None-Match} (weak
 * comparison) or {@code If-Modified-Since} matches. Request {@code no-cache} (or {@code Pragma:
 * no-cache}), {@code max-age=0}, a {@code max-age} below the age, {@code min-fresh} beyond the
 * remaining freshness, and response {@code no-cache} make the cache revalidate. A stale entry is
 * revalidated upstream with its validators ({@code If-None-Match} from ETag,
 * {@code If-Modified-Since} from Last-Modified); a 304 refreshes it (headers updated per §4.3.4;
 * {@code REVALIDATED}). A stale entry is served as it is ({@code STALE}) only when the client's
 * {@code max-stale} allows it, within {@code stale-while-revalidate} (RFC 5861; one background
 * refresh per entry while clients get the stale copy), or within {@code stale-if-error} when the
 * upstream answers 5xx or fails to connect; never when the response said {@code must-revalidate},
 * {@code proxy-revalidate} or {@code s-maxage}. {@code only-if-cached} without a usable entry is
 * answered 504 problem+json. An error never replaces a stored response.
 *
 * <h2>Single flight</h2>
 * Concurrent requests for one key that the cache cannot answer go upstream once: the first claims
 * the key in the Caffeine map, the others wait for its response (at most
 * {@code lab.gateway.cache.coalesce-timeout}; then each goes upstream itself) and get the same
 * bytes. If that response may not be stored, each waiter goes upstream itself.
 *
 * <h2>Invalidation (§4.4)</h2>
 * A POST, PUT, DELETE or PATCH answered 2xx/3xx removes the stored responses of its target URI and
 * of the same-origin {@code Location} and {@code Content-Location}, with every Vary variant,
 * before the answer reaches the client.
 *
 * <h2>Marking</h2>
 * {@code X-Cache: HIT | MISS | STALE | REVALIDATED | BYPASS} on every response of a cached route
 * (BYPASS: cache off globally, other methods, paths outside {@code paths}, Range requests, a GET
 * with a body), the gateway's own problem+json errors included (a GET or HEAD that failed is a MISS).
 * Keys: {@link dev.concurrencylab.gateway.cache.CacheKey}. The decision per request:
 * {@link dev.concurrencylab.gateway.cache.Freshness}.
 */
package dev.concurrencylab.gateway.cache;
