package dev.concurrencylab.gateway.cache;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * The gateway's one response store: a Caffeine {@link AsyncCache} from key (see {@link CacheKeys})
 * to the future of a {@link CachedResponse}, bounded by weight in bytes ({@code max-bytes}).
 * <p>
 * A key maps either to a completed future (a stored response) or to an incomplete one: a fetch in
 * flight. Whoever installs the incomplete future ({@link #lead}) is the only one to go upstream for
 * that key; concurrent requests find the future and wait for it (single flight). The leader always
 * completes it: with the response to keep (new, refreshed, or the old one when the upstream
 * failed) or with {@code null}, which removes the key. An incomplete future weighs nothing; a
 * completed one is weighed then, so the byte bound holds for stored bodies.
 * <p>
 * Thread-safe; lookups (every hit) are lock-free reads of Caffeine's map. Writes that add bytes
 * (a fetch's result, a refresh) take one lock and run Caffeine's maintenance before they let go,
 * and {@link #bytes()} reads under the same lock: so bytes used, as anyone sees them, never exceed
 * {@code max-bytes}, not even for the moment between a write and its eviction. Misses pay that
 * lock; hits never do. Metrics: {@code lab.cache.bytes},
 * {@code lab.cache.entries} (gauges) and {@code lab.cache.evictions} (by route).
 */
public final class ResponseCache {

    private final GatewayProperties.Cache settings;
    private final Clock clock;
    private final AsyncCache<String, CachedResponse> cache;
    /** Primary key to the keys of its other variants (Vary), so an invalidation removes them all. */
    private final ConcurrentMap<String, Set<String>> variants = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Map<String, Counter> evictions = new ConcurrentHashMap<>();
    private final ReentrantLock writes = new ReentrantLock();

    public ResponseCache(GatewayProperties.Cache settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes().toBytes())
                .weigher((String key, CachedResponse response) -> response.weight(key))
                .removalListener(this::removed)
                // maintenance (eviction) on the writing thread, right after the write: the byte
                // bound holds when the response that grew the cache reaches its client
                .executor(Runnable::run)
                .buildAsync();
        Gauge.builder("lab.cache.bytes", this, ResponseCache::bytes).baseUnit("bytes")
                .description("Bytes the gateway's response cache holds (bodies, headers, keys)").register(meters);
        Gauge.builder("lab.cache.entries", this, ResponseCache::entries)
                .description("Responses the gateway's response cache holds").register(meters);
    }

    public boolean enabled() {
        return settings.enabled();
    }

    GatewayProperties.Cache settings() {
        return settings;
    }

    long now() {
        return clock.millis();
    }

    /** The stored response or fetch in flight for a key, or null. */
    CompletableFuture<CachedResponse> get(String key) {
        return cache.getIfPresent(key);
    }

    /**
     * Claims the right to fetch {@code key}: installs an incomplete future if the key is absent
     * ({@code current == null}) or still maps to {@code current} (a stale entry being revalidated).
     * Returns that future, to be completed by the caller, or null when someone else got there first.
     */
    CompletableFuture<CachedResponse> lead(String key, CompletableFuture<CachedResponse> current) {
        CompletableFuture<CachedResponse> mine = new CompletableFuture<>();
        boolean claimed = current == null
                ? cache.asMap().putIfAbsent(key, mine) == null
                : cache.asMap().replace(key, current, mine);
        if (!claimed) {
            return null;
        }
        // known as a variant from now on, not once stored: an invalidation meanwhile must reach the fetch too
        registerVariant(key);
        return mine;
    }

    /** Ends a fetch: keeps {@code response} under the key, or removes the key when it is null. */
    void complete(String key, CompletableFuture<CachedResponse> mine, CachedResponse response) {
        if (response == null) {
            mine.complete(null);
            cache.asMap().remove(key, mine);
            return;
        }
        writing(() -> mine.complete(response));
    }

    /** Runs a write that adds bytes, then evicts down to the bound, before anyone can read the size. */
    private void writing(Runnable write) {
        writes.lock();
        try {
            write.run();
            cache.synchronous().cleanUp();
        } finally {
            writes.unlock();
        }
    }

    /** Stores a response fetched without leading (after waiting too long for the leader). */
    void put(String key, CachedResponse response) {
        writing(() -> {
            registerVariant(key);
            cache.put(key, CompletableFuture.completedFuture(response));
        });
    }

    /** Replaces what {@code key} holds if it still holds {@code current} (a background refresh's result; null: removes). */
    void replace(String key, CompletableFuture<CachedResponse> current, CachedResponse next) {
        if (next == null) {
            cache.asMap().remove(key, current);
        } else {
            writing(() -> {
                registerVariant(key);
                cache.asMap().replace(key, current, CompletableFuture.completedFuture(next));
            });
        }
    }

    private void registerVariant(String key) {
        String primary = CacheKeys.primaryOf(key);
        if (!primary.equals(key)) {
            variants.computeIfAbsent(primary, k -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    /** Removes a primary key and every variant of it (RFC 9111 §4.4). */
    public void invalidate(String primary) {
        cache.synchronous().invalidate(primary);
        Set<String> keys = variants.remove(primary);
        if (keys != null) {
            cache.synchronous().invalidateAll(keys);
        }
    }

    /** Removes every stored response whose path starts with {@code prefix}; returns how many. */
    public int invalidatePathPrefix(String prefix) {
        List<String> matching = new ArrayList<>();
        for (String key : cache.asMap().keySet()) {
            if (CacheKeys.path(key).startsWith(prefix)) {
                matching.add(key);
            }
        }
        matching.forEach(key -> invalidate(CacheKeys.primaryOf(key)));
        return matching.size();
    }

    /** Whether a primary key or any variant of it is stored. */
    public boolean contains(String primary) {
        return cache.asMap().containsKey(primary) || variants.containsKey(primary);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
        variants.clear();
    }

    public long bytes() {
        writes.lock();
        try {
            return cache.synchronous().policy().eviction().orElseThrow().weightedSize().orElse(0);
        } finally {
            writes.unlock();
        }
    }

    public long entries() {
        return cache.synchronous().estimatedSize();
    }

    private void removed(String key, CachedResponse response, RemovalCause cause) {
        if (key == null) {
            return;
        }
        if (cause.wasEvicted() && response != null) {
            evictions.computeIfAbsent(response.meters.routeId, route -> Counter.builder("lab.cache.evictions")
                    .description("Responses the cache dropped to stay within its byte bound")
                    .tag("route", route).register(meters)).increment();
        }
        String primary = CacheKeys.primaryOf(key);
        if (!primary.equals(key) && cause != RemovalCause.REPLACED) {
            variants.computeIfPresent(primary, (k, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    /** The primary keys of stored responses, for the actuator endpoint. */
    public List<String> keys(int limit) {
        return cache.asMap().keySet().stream().limit(limit).map(key -> key.replace(CacheKeys.VARIANT_SEPARATOR, ' ')).toList();
    }
}
