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
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * The gateway's one response store: a Caffeine {@link AsyncCache} from {@link CacheKey} to the
 * future of a {@link CachedResponse}, bounded by weight in bytes ({@code max-bytes}).
 * <p>
 * A key maps either to a completed future (a stored response) or to an incomplete one: a fetch in
 * flight. Whoever installs the incomplete future ({@link #lead}) is the only one to go upstream for
 * that key; concurrent requests find the future and wait for it (single flight). The leader always
 * completes it: with the response to keep (new, refreshed, or the old one when the upstream
 * failed) or with {@code null}, which removes the key.
 * <p>
 * The byte bound covers what is stored and what is on its way in: the body of a miss is held while
 * it streams in until it is complete, and those bytes are {@link #reserve reserved} as they arrive
 * (Caffeine's own bound shrinks by them, evicting if need be; past the bound nothing more is
 * held and that response is not stored). So a burst of large misses cannot hold more memory than
 * the bound says. Writes that add bytes take one lock and run Caffeine's maintenance before they
 * let go, and {@link #bytes()} reads under the same lock: bytes used, as anyone sees them, never
 * exceed {@code max-bytes}. Misses pay that lock; hits never do (lock-free reads of Caffeine's
 * map). Metrics: {@code lab.cache.bytes} (stored and held), {@code lab.cache.entries} and
 * {@code lab.cache.evictions} (by route).
 */
public final class ResponseCache {

    private final GatewayProperties.Cache settings;
    private final Clock clock;
    private final AsyncCache<CacheKey, CachedResponse> cache;
    private final Policy.Eviction<CacheKey, CachedResponse> eviction;
    /** Primary key to the keys of its other variants (Vary), so an invalidation removes them all. */
    private final ConcurrentMap<CacheKey, Set<CacheKey>> variants = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Map<String, Counter> evictions = new ConcurrentHashMap<>();
    private final ReentrantLock writes = new ReentrantLock();
    /** Bytes of bodies held while they stream in; guarded by {@link #writes}. */
    private long reserved;

    public ResponseCache(GatewayProperties.Cache settings, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes().toBytes())
                .weigher((CacheKey key, CachedResponse response) -> response.weight(key))
                .removalListener(this::removed)
                // maintenance (eviction) on the writing thread, right after the write: the byte
                // bound holds when the response that grew the cache reaches its client
                .executor(Runnable::run)
                .buildAsync();
        this.eviction = cache.synchronous().policy().eviction().orElseThrow();
        Gauge.builder("lab.cache.bytes", this, ResponseCache::bytes).baseUnit("bytes")
                .description("Bytes the gateway's response cache holds (stored responses, and bodies streaming in)")
                .register(meters);
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
    CompletableFuture<CachedResponse> get(CacheKey key) {
        return cache.getIfPresent(key);
    }

    /**
     * Claims the right to fetch {@code key}: installs an incomplete future if the key is absent
     * ({@code current == null}) or still maps to {@code current} (a stale entry being revalidated).
     * Returns that future, to be completed by the caller, or null when someone else got there first.
     */
    CompletableFuture<CachedResponse> lead(CacheKey key, CompletableFuture<CachedResponse> current) {
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

    /**
     * Holds {@code bytes} more of a body streaming in, within the bound: evicts stored responses
     * to make room if need be. False when even an empty cache could not hold them beside what
     * other misses hold already; then nothing is reserved.
     */
    boolean reserve(long bytes) {
        writes.lock();
        try {
            if (reserved + bytes > settings.maxBytes().toBytes()) {
                return false;
            }
            reserved += bytes;
            eviction.setMaximum(settings.maxBytes().toBytes() - reserved);
            cache.synchronous().cleanUp();
            return true;
        } finally {
            writes.unlock();
        }
    }

    /** Gives back bytes reserved for a body that is not stored after all. */
    void release(long bytes) {
        if (bytes > 0) {
            writing(bytes, () -> { });
        }
    }

    /** Ends a fetch: keeps {@code response} under the key (null: removes it), giving back the body's reservation. */
    void complete(CacheKey key, CompletableFuture<CachedResponse> mine, CachedResponse response, long reservedBytes) {
        if (response == null) {
            release(reservedBytes);
            mine.complete(null);
            cache.asMap().remove(key, mine);
            return;
        }
        writing(reservedBytes, () -> mine.complete(response));
    }

    /**
     * Runs a write that adds bytes, after giving back {@code reservedBytes} to Caffeine's bound,
     * then evicts down to the bound, before anyone can read the size.
     */
    private void writing(long reservedBytes, Runnable write) {
        writes.lock();
        try {
            reserved -= reservedBytes;
            eviction.setMaximum(settings.maxBytes().toBytes() - reserved);
            write.run();
            cache.synchronous().cleanUp();
        } finally {
            writes.unlock();
        }
    }

    /** Stores a response fetched without leading (after waiting too long for the leader). */
    void put(CacheKey key, CachedResponse response, long reservedBytes) {
        writing(reservedBytes, () -> {
            registerVariant(key);
            cache.put(key, CompletableFuture.completedFuture(response));
        });
    }

    /** Replaces what {@code key} holds if it still holds {@code current} (a background refresh's result; null: removes). */
    void replace(CacheKey key, CompletableFuture<CachedResponse> current, CachedResponse next) {
        if (next == null) {
            cache.asMap().remove(key, current);
        } else {
            writing(0, () -> {
                registerVariant(key);
                cache.asMap().replace(key, current, CompletableFuture.completedFuture(next));
            });
        }
    }

    private void registerVariant(CacheKey key) {
        if (key.isVariant()) {
            variants.computeIfAbsent(key.primaryKey(), k -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    /** Removes a primary key and every variant of it (RFC 9111 §4.4). */
    public void invalidate(CacheKey primary) {
        cache.synchronous().invalidate(primary);
        Set<CacheKey> keys = variants.remove(primary);
        if (keys != null) {
            cache.synchronous().invalidateAll(keys);
        }
    }

    /** Removes every stored response whose path starts with {@code prefix}; returns how many. */
    public int invalidatePathPrefix(String prefix) {
        List<CacheKey> matching = new ArrayList<>();
        for (CacheKey key : cache.asMap().keySet()) {
            if (key.path().startsWith(prefix)) {
                matching.add(key);
            }
        }
        matching.forEach(key -> invalidate(key.primaryKey()));
        return matching.size();
    }

    /** Whether a primary key or any variant of it is stored. */
    public boolean contains(CacheKey primary) {
        return cache.asMap().containsKey(primary) || variants.containsKey(primary);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
        variants.clear();
    }

    /** Bytes stored and held for bodies streaming in. */
    public long bytes() {
        writes.lock();
        try {
            return eviction.weightedSize().orElse(0) + reserved;
        } finally {
            writes.unlock();
        }
    }

    public long entries() {
        return cache.synchronous().estimatedSize();
    }

    private void removed(CacheKey key, CachedResponse response, RemovalCause cause) {
        if (key == null) {
            return;
        }
        if (cause.wasEvicted() && response != null) {
            evictions.computeIfAbsent(response.meters.routeId, route -> Counter.builder("lab.cache.evictions")
                    .description("Responses the cache dropped to stay within its byte bound")
                    .tag("route", route).register(meters)).increment();
        }
        if (key.isVariant() && cause != RemovalCause.REPLACED) {
            variants.computeIfPresent(key.primaryKey(), (k, keys) -> {
                keys.remove(key);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    /** The keys of stored responses, for the actuator endpoint. */
    public List<String> keys(int limit) {
        return cache.asMap().keySet().stream().limit(limit).map(CacheKey::toString).toList();
    }
}
