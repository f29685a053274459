package dev.concurrencylab.gateway.cache;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpHeaders;

/**
 * One stored response: status, the headers worth storing, and the whole body as a {@code byte[]}
 * that every hit wraps without copying. Immutable except for the flag that lets only one
 * background refresh run for it and the time its last revalidation met an upstream error. Knows
 * its age (RFC 9111 §4.2.3) and its freshness lifetime (§4.2.1, computed by {@link CachePolicy}
 * when it was stored or refreshed).
 */
final class CachedResponse {

    /** Hop-by-hop and per-exchange fields that are never stored (§3.1) nor copied from a 304 (§4.3.4). */
    private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization",
            "age", "set-cookie", "x-cache", "x-request-id", "content-length");
    /** The largest delta-seconds a cache must represent (RFC 9111 §1.2.2): 2^31. */
    private static final long MAX_DELTA_SECONDS = 2_147_483_648L;
    /** Fixed cost of an entry beyond its body and strings: objects, arrays, map nodes. */
    private static final int OVERHEAD_BYTES = 256;

    /** The meters of the route that stored it: hits are counted there. */
    final CacheMeters meters;
    final int status;
    final HttpHeaders headers;
    /** The same headers as a hit writes them (see {@link WireHeaders}). */
    final WireHeaders wireHeaders;
    final byte[] body;
    final long responseTime;
    final long correctedInitialAge;
    final long freshness;
    final Directives directives;
    final List<String> varyNames;
    /** The secondary key this variant was stored for (empty without Vary). */
    final String secondary;
    final String etag;
    final String lastModified;
    final long staleWhileRevalidate;
    final long staleIfError;
    final AtomicBoolean refreshing = new AtomicBoolean();
    /** When a revalidation of this response last met an upstream error (ms; -1: never). */
    private volatile long revalidationFailedAt = -1;

    private CachedResponse(CacheMeters meters, int status, HttpHeaders headers, byte[] body, long responseTime,
            long correctedInitialAge, long freshness, Directives directives, List<String> varyNames, String secondary,
            long staleWhileRevalidate, long staleIfError) {
        this.meters = meters;
        this.status = status;
        this.headers = headers;
        this.wireHeaders = new WireHeaders(headers);
        this.body = body;
        this.responseTime = responseTime;
        this.correctedInitialAge = correctedInitialAge;
        this.freshness = freshness;
        this.directives = directives;
        this.varyNames = varyNames;
        this.secondary = secondary;
        this.etag = headers.getETag();
        this.lastModified = headers.getFirst(HttpHeaders.LAST_MODIFIED);
        this.staleWhileRevalidate = staleWhileRevalidate;
        this.staleIfError = staleIfError;
    }

    /**
     * A response as received, for storing.
     *
     * @param requestTime when the request that produced it was sent upstream (ms)
     * @param responseTime when its headers arrived (ms)
     */
    static CachedResponse of(CacheMeters meters, CachePolicy policy, int status, HttpHeaders received, byte[] body,
            List<String> varyNames, String secondary, long requestTime, long responseTime) {
        HttpHeaders stored = storable(received, responseTime);
        stored.setContentLength(body.length);
        return build(meters, policy, status, stored, body, varyNames, secondary,
                ageOf(received), requestTime, responseTime);
    }

    /** This response refreshed by a 304 (§4.3.4): its headers updated by the 304's, its age and freshness anew. */
    CachedResponse refreshedBy(CachePolicy policy, HttpHeaders notModified, long requestTime, long now) {
        HttpHeaders merged = new HttpHeaders();
        merged.putAll(headers);
        notModified.forEach((name, values) -> {
            if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) {
                merged.put(name, values);
            }
        });
        if (notModified.getFirst(HttpHeaders.DATE) == null) {
            merged.set(HttpHeaders.DATE, HttpDates.format(now));
        }
        return build(meters, policy, status, HttpHeaders.readOnlyHttpHeaders(merged), body, varyNames, secondary,
                ageOf(notModified), requestTime, now);
    }

    private static CachedResponse build(CacheMeters meters, CachePolicy policy, int status, HttpHeaders headers,
            byte[] body, List<String> varyNames, String secondary, long ageValue, long requestTime, long responseTime) {
        Directives directives = policy.directives(headers);
        long date = dateOf(headers, responseTime);
        long apparentAge = Math.max(0, responseTime - date);
        long correctedAgeValue = ageValue * 1000 + Math.max(0, responseTime - requestTime);
        long correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
        return new CachedResponse(meters, status, HttpHeaders.readOnlyHttpHeaders(headers), body, responseTime,
                correctedInitialAge, policy.freshness(status, headers, directives, date), directives, varyNames,
                secondary, policy.staleWhileRevalidate(directives), policy.staleIfError(directives));
    }

    private static HttpHeaders storable(HttpHeaders received, long responseTime) {
        HttpHeaders stored = new HttpHeaders();
        received.forEach((name, values) -> {
            if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) {
                stored.put(name, List.copyOf(values));
            }
        });
        if (stored.getFirst(HttpHeaders.DATE) == null) {
            stored.set(HttpHeaders.DATE, HttpDates.format(responseTime));
        }
        return stored;
    }

    /**
     * The {@code Age} header in seconds: 0 when absent or not a number; a value past 2^31, however
     * long, as 2^31 (RFC 9111 §1.2.2), so an ancient response is never read as a new one.
     */
    /**
     * The {@code Age} a response came with, in seconds (RFC 9111 §5.1): of a list (several fields,
     * or one with commas) only the first member counts; a value that is not a non-negative integer
     * is ignored (0).
     */
    static long ageOf(HttpHeaders headers) {
        String age = headers.getFirst(HttpHeaders.AGE);
        if (age == null) {
            return 0;
        }
        int comma = age.indexOf(',');
        String digits = (comma < 0 ? age : age.substring(0, comma)).trim();
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return digits.length() > 10 ? MAX_DELTA_SECONDS : Math.min(MAX_DELTA_SECONDS, Long.parseLong(digits));
    }

    static long dateOf(HttpHeaders headers, long otherwise) {
        long date = date(headers, HttpHeaders.DATE);
        return date < 0 ? otherwise : date;
    }

    /** A date header in ms, -1 when absent or invalid. */
    static long date(HttpHeaders headers, String name) {
        return HttpDates.parse(headers.getFirst(name));
    }

    /** {@code current_age} of §4.2.3, in ms. */
    long age(long now) {
        return correctedInitialAge + Math.max(0, now - responseTime);
    }

    /** The {@code Age} header value: whole seconds. */
    String ageHeader(long now) {
        return Long.toString(age(now) / 1000);
    }

    void revalidationFailed(long now) {
        revalidationFailedAt = now;
    }

    boolean revalidationFailedSince(long time) {
        return revalidationFailedAt >= time;
    }

    /**
     * Whether it may answer a request whose revalidation met an upstream error: RFC 5861 §4
     * stale-if-error within RFC 9111's limits, so never a response that forbids stale use, nor
     * one with {@code no-cache}, which may only be used after a successful validation (§5.2.2.4).
     */
    boolean usableOnError(long now) {
        if (directives.forbidsStale() || directives.noCache()) {
            return false;
        }
        return age(now) - freshness < staleIfError;
    }

    boolean hasValidator() {
        return etag != null || lastModified != null;
    }

    /** Whether this variant answers a request with these headers (§4.1). */
    boolean matches(HttpHeaders requestHeaders) {
        return varyNames.isEmpty() || secondary.equals(CacheKeys.secondary(varyNames, requestHeaders));
    }

    /** What this entry costs in the byte bound: body, headers (both forms), key, secondary key and a fixed overhead. */
    int weight(CacheKey key) {
        long size = OVERHEAD_BYTES + body.length + 2L * key.length() + 2L * secondary.length() + wireHeaders.bytes();
        for (var header : headers.headerSet()) {
            size += 2L * header.getKey().length() + 32;
            for (String value : header.getValue()) {
                size += 2L * value.length() + 16;
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }
}
