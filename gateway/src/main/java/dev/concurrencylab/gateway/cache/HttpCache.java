package dev.concurrencylab.gateway.cache;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.ResponseWriter;
import dev.concurrencylab.gateway.proxy.RouteHandler;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.proxy.UpstreamResponse;

/**
 * One cached route: a thin stage over the route's upstream that looks the request's key up, lets
 * {@link Freshness} decide, and serves, waits for the fetch in flight (single flight), refreshes or
 * goes upstream; what comes back is stored when {@link CachePolicy} allows. The rules are those of
 * the package documentation.
 */
public final class HttpCache implements RouteHandler {

    private static final Logger log = LoggerFactory.getLogger(HttpCache.class);

    private final String routeId;
    private final ResponseCache cache;
    private final CachePolicy policy;
    private final CacheMeters meters;
    private final List<PathPattern> paths;
    private final Upstream upstream;
    private final ResponseWriter writer;
    private final StoredResponseWriter storedWriter;
    private final int maxEntryBytes;
    private final Duration coalesceTimeout;

    HttpCache(String routeId, ResponseCache cache, CachePolicy policy, CacheMeters meters, List<PathPattern> paths,
            Upstream upstream, ResponseWriter writer) {
        this.routeId = routeId;
        this.cache = cache;
        this.policy = policy;
        this.meters = meters;
        this.paths = paths;
        this.upstream = upstream;
        this.writer = writer;
        this.storedWriter = new StoredResponseWriter(writer);
        this.maxEntryBytes = (int) cache.settings().maxEntryBytes().toBytes();
        this.coalesceTimeout = cache.settings().coalesceTimeout();
    }

    @Override
    public Mono<Void> handle(ProxyExchange exchange) {
        HttpMethod method = exchange.method();
        boolean get = HttpMethod.GET.equals(method);
        if (get || HttpMethod.HEAD.equals(method)) {
            // a GET with a body (no defined meaning, RFC 9110 §9.3.1) goes to the origin, which may read it
            if (!cachedPath(exchange.path()) || exchange.clientHeaders().contains(HttpHeaderNames.RANGE)
                    || exchange.body() != null) {
                return bypass(exchange);
            }
            Call call = new Call(exchange, get, Directives.ofRequest(exchange.clientHeadersView()));
            CacheKey primary = CacheKey.primary(exchange.host(), exchange.path(), exchange.query());
            return at(call, primary, cache.get(primary), true, 0).onErrorResume(failure -> failedMiss(exchange, failure));
        }
        if (HttpMethod.OPTIONS.equals(method)) {
            return bypass(exchange);
        }
        return invalidating(exchange);
    }

    /**
     * A GET or HEAD the gateway answers with an error of its own (upstream unreachable, time limit,
     * shed, only-if-cached without an entry): not answered from the cache, so marked and counted
     * {@code MISS} like any other, unless it was marked already (the failure came later).
     */
    private Mono<Void> failedMiss(ProxyExchange exchange, Throwable failure) {
        if (exchange.cacheResult() == null) {
            meters.count(CacheResult.MISS);
            exchange.cacheResult(CacheResult.MISS.header);
        }
        return Mono.error(failure);
    }

    /** Passes a request through untouched but for {@code X-Cache: BYPASS}. */
    private Mono<Void> bypass(ProxyExchange exchange) {
        meters.count(CacheResult.BYPASS);
        exchange.cacheResult(CacheResult.BYPASS.header);
        return forward(exchange);
    }

    private Mono<Void> forward(ProxyExchange exchange) {
        return upstream.exchange(exchange).flatMap(response -> writer.write(exchange, response, response.body()));
    }

    private boolean cachedPath(String path) {
        if (paths.isEmpty()) {
            return true;
        }
        PathContainer container = PathContainer.parsePath(path);
        for (PathPattern pattern : paths) {
            if (pattern.matches(container)) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 9111 §4.4: a successful (2xx, 3xx) unsafe request invalidates its target and the
     * same-origin URIs in its Location and Content-Location, before the answer reaches the client.
     */
    private Mono<Void> invalidating(ProxyExchange exchange) {
        meters.count(CacheResult.BYPASS);
        exchange.cacheResult(CacheResult.BYPASS.header);
        return upstream.exchange(exchange).flatMap(response -> {
            if (response.status() >= 200 && response.status() < 400) {
                cache.invalidate(CacheKey.primary(exchange.host(), exchange.path(), exchange.query()));
                invalidateSameOrigin(exchange, response.headers().get(HttpHeaderNames.LOCATION));
                invalidateSameOrigin(exchange, response.headers().get(HttpHeaderNames.CONTENT_LOCATION));
            }
            return writer.write(exchange, response, response.body());
        });
    }

    private void invalidateSameOrigin(ProxyExchange exchange, String reference) {
        if (reference == null || exchange.host() == null) {
            return;
        }
        try {
            URI target = new URI("http://" + exchange.host() + exchange.path());
            URI resolved = target.resolve(reference);
            // same origin: scheme, host and port, a default port written out or left out alike
            if (resolved.getHost() != null) {
                CacheKey key = CacheKey.primary(resolved);
                if (key.origin().equals(CacheKey.primary(target).origin())) {
                    cache.invalidate(key);
                }
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException notAUri) {
            log.debug("route {}: ignoring a malformed {} for invalidation", routeId, reference);
        }
    }

    /** Handles a request at {@code key}, which holds {@code future} (a stored response, a fetch in flight, or nothing). */
    private Mono<Void> at(Call call, CacheKey key, CompletableFuture<CachedResponse> future, boolean primary, int attempt) {
        if (future == null) {
            return miss(call, key, null, null, primary, attempt);
        }
        if (!future.isDone()) {
            return await(call, key, future, primary, attempt);
        }
        CachedResponse stored = future.isCompletedExceptionally() ? null : future.getNow(null);
        if (stored == null) {
            return miss(call, key, future, null, primary, attempt);
        }
        HttpHeaders requestHeaders = call.exchange.clientHeadersView();
        if (!stored.matches(requestHeaders)) {
            if (!primary) {
                return miss(call, key, future, null, false, attempt);
            }
            CacheKey variant = key.variant(CacheKeys.secondary(stored.varyNames, requestHeaders));
            return at(call, variant, cache.get(variant), false, attempt);
        }
        long now = cache.now();
        return switch (Freshness.of(stored, call.directives, now)) {
            case Freshness.Serve serve -> storedWriter.write(call.exchange, stored, CacheResult.HIT, now);
            case Freshness.Stale stale -> {
                if (stale.refreshInBackground()) {
                    refreshInBackground(call, key, future, stored);
                }
                yield storedWriter.write(call.exchange, stored, CacheResult.STALE, now);
            }
            case Freshness.Revalidate revalidate -> call.directives.onlyIfCached()
                    ? Mono.error(new NotCachedException(call.exchange.path()))
                    : miss(call, key, future, stored, true, attempt);
            case Freshness.Miss miss -> miss(call, key, future, null, primary, attempt);
        };
    }

    /**
     * Goes upstream for {@code key}: as its one leader if this request can claim it (others wait),
     * else by waiting for whoever did. {@code current} is what the key holds now (null: nothing),
     * {@code stale} a stored response to revalidate.
     */
    private Mono<Void> miss(Call call, CacheKey key, CompletableFuture<CachedResponse> current, CachedResponse stale,
            boolean primary, int attempt) {
        if (call.directives.onlyIfCached()) {
            return Mono.error(new NotCachedException(call.exchange.path()));
        }
        if (!call.get || call.directives.noStore()) {
            return passThrough(call);
        }
        CompletableFuture<CachedResponse> mine = cache.lead(key, current);
        if (mine != null) {
            return fetch(call, key, mine, stale);
        }
        CompletableFuture<CachedResponse> now = cache.get(key);
        return attempt < 2 ? at(call, key, now, primary, attempt + 1) : fetch(call, key, null, stale);
    }

    /** Single flight: waits (bounded by coalesce-timeout) for the fetch in flight at {@code key}, then uses its result. */
    private Mono<Void> await(Call call, CacheKey key, CompletableFuture<CachedResponse> inFlight, boolean primary,
            int attempt) {
        if (call.directives.onlyIfCached()) {
            return Mono.error(new NotCachedException(call.exchange.path()));
        }
        if (coalesceTimeout.isZero()) {
            return fetchUnled(call, key, null);
        }
        meters.coalesced.increment();
        long arrived = cache.now();
        return Mono.fromFuture(inFlight, true)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .timeout(coalesceTimeout, call.exchange.loop().scheduler())
                .onErrorResume(failure -> Mono.just(Optional.empty()))
                .flatMap(result -> {
                    CachedResponse stored = result.orElse(null);
                    if (stored == null) {
                        return fetchUnled(call, key, null);
                    }
                    if (!stored.matches(call.exchange.clientHeadersView())) {
                        return primary ? at(call, key, inFlight, true, attempt + 1) : fetchUnled(call, key, null);
                    }
                    long now = cache.now();
                    long age = stored.age(now);
                    // fetched or revalidated upstream after this request arrived: as good as its own
                    // revalidation, so no-cache (the response's or the request's) is satisfied too
                    boolean validatedSince = stored.responseTime > arrived;
                    boolean fresh = age < stored.freshness && !stored.directives.noCache() && !call.directives.noCache();
                    boolean acceptable = (validatedSince || fresh)
                            && (call.directives.minFresh() == Directives.ABSENT
                                    || stored.freshness - age >= call.directives.minFresh() * 1000);
                    if (acceptable) {
                        return storedWriter.write(call.exchange, stored, CacheResult.HIT, now);
                    }
                    // the revalidation this request waited for met an upstream error: RFC 5861 §4 for all
                    // its waiters, rather than each of them trying the failing upstream again
                    if (stored.revalidationFailedSince(arrived) && stored.usableOnError(now)) {
                        return storedWriter.write(call.exchange, stored, CacheResult.STALE, now);
                    }
                    return fetchUnled(call, key, stored);
                });
    }

    /**
     * Goes upstream for a waiter that could not use what it waited for: storing what it gets only
     * for a GET that allows it; a HEAD (no body to store) or a no-store request passes through.
     */
    private Mono<Void> fetchUnled(Call call, CacheKey key, CachedResponse stale) {
        return call.get && !call.directives.noStore() ? fetch(call, key, null, stale) : passThrough(call);
    }

    /** A request the cache neither answers nor stores for (HEAD miss, request no-store): upstream, marked MISS. */
    private Mono<Void> passThrough(Call call) {
        meters.count(CacheResult.MISS);
        meters.upstreamFetches.increment();
        call.exchange.cacheResult(CacheResult.MISS.header);
        return forward(call.exchange);
    }

    /**
     * Fetches {@code key} upstream: the client's own validators replaced by the stored response's
     * (so the answer is a full response to store, or a 304 that refreshes {@code stale}), the body
     * aggregated as it streams. {@code mine}: the future this request leads (null: it stores
     * without leading).
     */
    private Mono<Void> fetch(Call call, CacheKey key, CompletableFuture<CachedResponse> mine, CachedResponse stale) {
        meters.upstreamFetches.increment();
        withValidators(call.exchange, stale);
        Storing storing = new Storing(call, key, mine, stale, cache.now());
        return upstream.exchange(call.exchange)
                .flatMap(storing::answered)
                .onErrorResume(storing::upstreamFailed)
                .doFinally(signal -> storing.finish());
    }

    private static void withValidators(ProxyExchange exchange, CachedResponse stale) {
        var headers = exchange.upstreamHeaders();
        headers.remove(HttpHeaderNames.IF_NONE_MATCH);
        headers.remove(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (stale != null && stale.etag != null) {
            headers.set(HttpHeaderNames.IF_NONE_MATCH, stale.etag);
        }
        if (stale != null && stale.lastModified != null) {
            headers.set(HttpHeaderNames.IF_MODIFIED_SINCE, stale.lastModified);
        }
    }

    /** RFC 5861 stale-while-revalidate: one refresh per stored response, while clients get the stale copy. */
    private void refreshInBackground(Call call, CacheKey key, CompletableFuture<CachedResponse> future,
            CachedResponse stale) {
        if (!stale.refreshing.compareAndSet(false, true)) {
            return;
        }
        meters.upstreamFetches.increment();
        long requestTime = cache.now();
        // always a GET: a HEAD that found the entry stale must not refresh it with an empty body
        ProxyExchange refresh = call.exchange.detachedGet();
        withValidators(refresh, stale);
        upstream.exchange(refresh)
                .flatMap(response -> CapturedBody.of(response.body(), maxEntryBytes)
                        .map(body -> new Refreshed(response.status(), response.headersView(), body.bytes())))
                .doFinally(signal -> refresh.end())
                .subscribe(
                        refreshed -> refreshed(call, key, future, stale, refreshed, requestTime),
                        failure -> {
                            log.debug("route {}: background refresh of {} failed, keeping the stored response: {}",
                                    routeId, key, failure.toString());
                            stale.refreshing.set(false);
                        });
    }

    /** What a background refresh brought: status, headers and the body (null: larger than max-entry-bytes). */
    private record Refreshed(int status, HttpHeaders headers, byte[] body) {
    }

    /**
     * Stores what a background refresh brought, under the same rules as a response the client
     * waited for: the refresh went upstream with the triggering request's headers (its
     * Authorization, its no-store), so those decide whether the answer may be shared.
     */
    private void refreshed(Call call, CacheKey key, CompletableFuture<CachedResponse> future, CachedResponse stale,
            Refreshed refreshed, long requestTime) {
        long now = cache.now();
        if (refreshed.status >= 500) {
            stale.refreshing.set(false);
            return;
        }
        HttpHeaders requestHeaders = call.exchange.clientHeadersView();
        CachedResponse next;
        if (refreshed.status == 304) {
            next = storableOrNull(call, stale.refreshedBy(policy, refreshed.headers, requestTime, now), now);
        } else {
            List<String> vary = CacheKeys.varyNames(refreshed.headers);
            boolean storable = refreshed.body != null && policy.storable(call.directives, requestHeaders, refreshed.status,
                    refreshed.headers, policy.directives(refreshed.headers), vary, now);
            next = storable ? CachedResponse.of(meters, policy, refreshed.status, refreshed.headers, refreshed.body, vary,
                    stale.secondary, requestTime, now) : null;
        }
        cache.replace(key, future, next);
    }

    /**
     * A stored response refreshed by a 304, if it may still be stored: the 304's headers replace
     * the stored ones (RFC 9111 §4.3.4), so a 304 that says {@code private} or {@code no-store},
     * or answers a request the cache may not store for, takes the entry out of the shared cache.
     */
    private CachedResponse storableOrNull(Call call, CachedResponse refreshed, long now) {
        return policy.storable(call.directives, call.exchange.clientHeadersView(), refreshed.status,
                refreshed.headers, refreshed.directives, refreshed.varyNames, now) ? refreshed : null;
    }

    /** One GET or HEAD on its way through the cache. */
    private record Call(ProxyExchange exchange, boolean get, Directives directives) {
    }

    /**
     * A fetch in flight: decides, when the upstream's status and headers are known, whether to
     * store, refresh on 304, or fall back to the stale copy on an error, and aggregates a storable
     * body up to max-entry-bytes (beyond: the rest streams through and nothing is stored).
     * Completes the led future exactly once.
     */
    private final class Storing {

        private final Call call;
        private final CacheKey key;
        private final CompletableFuture<CachedResponse> mine;
        private final CachedResponse stale;
        private final long requestTime;
        private volatile boolean completed;
        /** Bytes of the body held so far, reserved in the cache's bound; guarded by the body's serial signals. */
        private long reservedBytes;

        Storing(Call call, CacheKey key, CompletableFuture<CachedResponse> mine, CachedResponse stale, long requestTime) {
            this.call = call;
            this.key = key;
            this.mine = mine;
            this.stale = stale;
            this.requestTime = requestTime;
        }

        /** Ends the fetch with {@code response} kept under the key (null: removed). */
        private synchronized void keep(CachedResponse response) {
            if (completed) {
                return;
            }
            completed = true;
            long reserved = reservedBytes;
            reservedBytes = 0;
            if (mine != null) {
                cache.complete(key, mine, response, reserved);
            } else if (response != null && response != stale) {
                cache.put(key, response, reserved);
            } else {
                cache.release(reserved);
            }
        }

        /** Whatever happened, the led future is completed; an error or cancellation keeps the stale copy. */
        void finish() {
            keep(stale);
        }

        Mono<Void> upstreamFailed(Throwable failure) {
            markUpstreamFailed();
            keep(stale);
            if (stale != null && stale.usableOnError(cache.now()) && !call.exchange.response().hasSentHeaders()) {
                log.debug("route {}: upstream failed ({}), serving the stored response", routeId, failure.toString());
                return storedWriter.write(call.exchange, stale, CacheResult.STALE, cache.now());
            }
            return Mono.error(failure);
        }

        /** Tells the requests waiting for this revalidation that the upstream failed (before they wake). */
        private void markUpstreamFailed() {
            if (stale != null) {
                stale.revalidationFailed(cache.now());
            }
        }

        Mono<Void> answered(UpstreamResponse response) {
            int status = response.status();
            HttpHeaders received = response.headersView();
            long responseTime = cache.now();
            if (status == 304 && stale != null) {
                CachedResponse refreshed = stale.refreshedBy(policy, received, requestTime, responseTime);
                keep(storableOrNull(call, refreshed, responseTime));
                response.drain();
                return storedWriter.write(call.exchange, refreshed, CacheResult.REVALIDATED, cache.now());
            }
            if (status >= 500 && stale != null) {
                markUpstreamFailed();
                keep(stale);
                if (stale.usableOnError(cache.now())) {
                    response.discard();
                    return storedWriter.write(call.exchange, stale, CacheResult.STALE, cache.now());
                }
                mark(CacheResult.MISS);
                return writer.write(call.exchange, response, response.body());
            }
            HttpHeaders requestHeaders = call.exchange.clientHeadersView();
            Directives directives = policy.directives(received);
            List<String> vary = CacheKeys.varyNames(received);
            mark(CacheResult.MISS);
            if (streaming(received)
                    || !policy.storable(call.directives, requestHeaders, status, received, directives, vary, responseTime)) {
                keep(status >= 500 ? stale : null);
                return writer.write(call.exchange, response, response.body());
            }
            String secondary = vary.isEmpty() ? "" : CacheKeys.secondary(vary, requestHeaders);
            return writer.write(call.exchange, response, aggregate(response.body(), bytes -> CachedResponse.of(meters,
                    policy, status, received, bytes, vary, secondary, requestTime, responseTime)));
        }

        /** Server-sent events never end: not held back to be stored. */
        private static boolean streaming(HttpHeaders received) {
            String type = received.getFirst(HttpHeaders.CONTENT_TYPE);
            return type != null && type.startsWith("text/event-stream");
        }

        private void mark(CacheResult result) {
            meters.count(result);
            call.exchange.cacheResult(result.header);
        }

        /**
         * The body held back until complete, each buffer's bytes reserved in the cache's bound,
         * then stored and written as one buffer (a 304 instead when the client's validators
         * match: the headers are not sent yet); past max-entry-bytes, or when the bound has no room
         * for it, what was held and the rest stream through and nothing is stored.
         */
        private Flux<ByteBuf> aggregate(Flux<ByteBuf> body, Function<byte[], CachedResponse> toStored) {
            List<ByteBuf> held = new ArrayList<>();
            long[] size = {0};
            boolean[] overflow = {false};
            return body
                    .concatMap(buffer -> {
                        if (overflow[0]) {
                            return Mono.just(buffer);
                        }
                        int length = buffer.readableBytes();
                        size[0] += length;
                        if (size[0] > maxEntryBytes || !reserve(length)) {
                            overflow[0] = true;
                            keep(null);
                            List<ByteBuf> out = new ArrayList<>(held);
                            held.clear();
                            out.add(buffer);
                            return Flux.fromIterable(out);
                        }
                        held.add(buffer);
                        return Flux.empty();
                    })
                    .concatWith(Flux.defer(() -> {
                        if (overflow[0]) {
                            return Flux.empty();
                        }
                        byte[] bytes = new byte[(int) size[0]];
                        int offset = 0;
                        for (ByteBuf buffer : held) {
                            int length = buffer.readableBytes();
                            buffer.readBytes(bytes, offset, length);
                            offset += length;
                            buffer.release();
                        }
                        held.clear();
                        CachedResponse stored = toStored.apply(bytes);
                        keep(stored);
                        if (Conditionals.notModified(call.exchange.clientHeadersView(), stored)) {
                            Conditionals.stripForNotModified(call.exchange.response().responseHeaders());
                            call.exchange.response().status(304);
                            return Flux.empty();
                        }
                        return Flux.just(Unpooled.wrappedBuffer(bytes));
                    }))
                    .doFinally(signal -> {
                        held.forEach(ByteBuf::release);
                        held.clear();
                    });
        }

        private synchronized boolean reserve(int length) {
            if (completed || !cache.reserve(length)) {
                return false;
            }
            reservedBytes += length;
            return true;
        }
    }
}
