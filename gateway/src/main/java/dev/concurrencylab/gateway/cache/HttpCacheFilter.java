package dev.concurrencylab.gateway.cache;

import static dev.concurrencylab.gateway.cache.HttpCacheGatewayFilterFactory.X_CACHE;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.headers.RequestIdFilter;

/**
 * One route's cache filter; see {@link HttpCacheGatewayFilterFactory} for the rules it follows.
 * Ordered before Spring Cloud Gateway's response writer (like SCG's own response cache), so it
 * sees the upstream body as it streams, and before the route's other filters, so a hit costs no
 * concurrency slot, breaker call or upstream request.
 */
final class HttpCacheFilter implements GatewayFilter, Ordered {

    static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 3;
    private static final Logger log = LoggerFactory.getLogger(HttpCacheFilter.class);

    private final String routeId;
    private final ResponseCache cache;
    private final CachePolicy policy;
    private final CacheMeters meters;
    private final List<PathPattern> paths;
    private final int maxEntryBytes;
    private final Duration coalesceTimeout;

    HttpCacheFilter(String routeId, ResponseCache cache, CachePolicy policy, CacheMeters meters, List<PathPattern> paths) {
        this.routeId = routeId;
        this.cache = cache;
        this.policy = policy;
        this.meters = meters;
        this.paths = paths;
        this.maxEntryBytes = (int) cache.settings().maxEntryBytes().toBytes();
        this.coalesceTimeout = cache.settings().coalesceTimeout();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        boolean get = HttpMethod.GET.equals(method);
        if (get || HttpMethod.HEAD.equals(method)) {
            if (!cachedPath(request) || request.getHeaders().containsHeader(HttpHeaders.RANGE)) {
                return bypass(exchange, chain, meters);
            }
            Call call = new Call(exchange, chain, get, Directives.ofRequest(request.getHeaders()));
            String primary = CacheKeys.primary(request.getURI());
            return at(call, primary, cache.get(primary), true, 0).onErrorResume(failure -> failedMiss(exchange, failure));
        }
        if (HttpMethod.OPTIONS.equals(method) || HttpMethod.TRACE.equals(method)) {
            return bypass(exchange, chain, meters);
        }
        return invalidating(exchange, chain);
    }

    /**
     * A GET or HEAD the gateway answers with an error of its own (upstream unreachable, time limit,
     * shed, only-if-cached without an entry): not answered from the cache, so marked and counted
     * {@code MISS} like any other, unless the upstream's answer already was (the failure came later).
     */
    private Mono<Void> failedMiss(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (!response.isCommitted() && !response.getHeaders().containsHeader(X_CACHE)) {
            meters.count(CacheResult.MISS);
            response.getHeaders().set(X_CACHE, CacheResult.MISS.header);
        }
        return Mono.error(failure);
    }

    /** Passes a request through untouched but for {@code X-Cache: BYPASS}. */
    static Mono<Void> bypass(ServerWebExchange exchange, GatewayFilterChain chain, CacheMeters meters) {
        meters.count(CacheResult.BYPASS);
        exchange.getResponse().getHeaders().set(X_CACHE, CacheResult.BYPASS.header);
        return chain.filter(exchange);
    }

    private boolean cachedPath(ServerHttpRequest request) {
        if (paths.isEmpty()) {
            return true;
        }
        PathContainer path = request.getPath().pathWithinApplication();
        for (PathPattern pattern : paths) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 9111 §4.4: a successful (2xx, 3xx) unsafe request invalidates its target and the
     * same-origin URIs in its Location and Content-Location, before the answer reaches the client.
     */
    private Mono<Void> invalidating(ServerWebExchange exchange, GatewayFilterChain chain) {
        meters.count(CacheResult.BYPASS);
        ServerHttpResponse response = exchange.getResponse();
        response.getHeaders().set(X_CACHE, CacheResult.BYPASS.header);
        URI target = exchange.getRequest().getURI();
        response.beforeCommit(() -> {
            HttpStatusCode status = response.getStatusCode();
            if (status != null && (status.is2xxSuccessful() || status.is3xxRedirection())) {
                cache.invalidate(CacheKeys.primary(target));
                invalidateSameOrigin(target, response.getHeaders().getFirst(HttpHeaders.LOCATION));
                invalidateSameOrigin(target, response.getHeaders().getFirst(HttpHeaders.CONTENT_LOCATION));
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private void invalidateSameOrigin(URI target, String reference) {
        if (reference == null) {
            return;
        }
        try {
            URI resolved = target.resolve(reference);
            // same origin: scheme, host and port, a default port written out or left out alike
            if (resolved.getHost() != null && CacheKeys.origin(resolved).equals(CacheKeys.origin(target))) {
                cache.invalidate(CacheKeys.primary(resolved));
            }
        } catch (IllegalArgumentException notAUri) {
            log.debug("route {}: ignoring a malformed {} for invalidation", routeId, reference);
        }
    }

    /** Handles a request at {@code key}, which holds {@code future} (a stored response, a fetch in flight, or nothing). */
    private Mono<Void> at(Call call, String key, CompletableFuture<CachedResponse> future, boolean primary, int attempt) {
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
        if (!stored.matches(call.exchange.getRequest().getHeaders())) {
            if (!primary) {
                return miss(call, key, future, null, false, attempt);
            }
            String variant = CacheKeys.variant(key, CacheKeys.secondary(stored.varyNames, call.exchange.getRequest().getHeaders()));
            return at(call, variant, cache.get(variant), false, attempt);
        }
        return stored(call, key, future, stored, attempt);
    }

    /** RFC 9111 §4.2, §4.3, §5.2.1, RFC 5861: serve as is, serve stale, or revalidate. */
    private Mono<Void> stored(Call call, String key, CompletableFuture<CachedResponse> future, CachedResponse stored,
            int attempt) {
        long now = cache.now();
        long age = stored.age(now);
        Directives request = call.directives;
        boolean validate = stored.directives.noCache() || request.noCache()
                || (request.maxAge() != Directives.ABSENT && (request.maxAge() == 0 || age / 1000 > request.maxAge()))
                || (request.minFresh() != Directives.ABSENT && stored.freshness - age < request.minFresh() * 1000);
        boolean fresh = age < stored.freshness;
        if (!validate) {
            if (fresh) {
                return serve(call.exchange, call.exchange.getResponse(), stored, CacheResult.HIT, now);
            }
            long staleness = age - stored.freshness;
            if (!stored.directives.forbidsStale()) {
                if (request.maxStale() != Directives.ABSENT
                        && (request.maxStale() == Directives.ANY || staleness <= request.maxStale() * 1000)) {
                    return serve(call.exchange, call.exchange.getResponse(), stored, CacheResult.STALE, now);
                }
                if (staleness < stored.staleWhileRevalidate) {
                    refreshInBackground(call, key, future, stored);
                    return serve(call.exchange, call.exchange.getResponse(), stored, CacheResult.STALE, now);
                }
            }
        }
        if (request.onlyIfCached()) {
            return Mono.error(new NotCachedException(call.exchange.getRequest().getPath().value()));
        }
        return miss(call, key, future, stored, true, attempt);
    }

    /**
     * Goes upstream for {@code key}: as its one leader if this request can claim it (others wait),
     * else by waiting for whoever did. {@code current} is what the key holds now (null: nothing),
     * {@code stale} a stored response to revalidate.
     */
    private Mono<Void> miss(Call call, String key, CompletableFuture<CachedResponse> current, CachedResponse stale,
            boolean primary, int attempt) {
        if (call.directives.onlyIfCached()) {
            return Mono.error(new NotCachedException(call.exchange.getRequest().getPath().value()));
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
    private Mono<Void> await(Call call, String key, CompletableFuture<CachedResponse> inFlight, boolean primary, int attempt) {
        if (call.directives.onlyIfCached()) {
            return Mono.error(new NotCachedException(call.exchange.getRequest().getPath().value()));
        }
        if (coalesceTimeout.isZero()) {
            return fetchUnled(call, key, null);
        }
        meters.coalesced.increment();
        long arrived = cache.now();
        return Mono.fromFuture(inFlight, true)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .timeout(coalesceTimeout)
                .onErrorResume(failure -> Mono.just(Optional.empty()))
                .flatMap(result -> {
                    CachedResponse stored = result.orElse(null);
                    if (stored == null) {
                        return fetchUnled(call, key, null);
                    }
                    if (!stored.matches(call.exchange.getRequest().getHeaders())) {
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
                        return serve(call.exchange, call.exchange.getResponse(), stored, CacheResult.HIT, now);
                    }
                    // the revalidation this request waited for met an upstream error: RFC 5861 §4 for all
                    // its waiters, rather than each of them trying the failing upstream again
                    if (stored.revalidationFailedSince(arrived) && stored.usableOnError(now)) {
                        return serve(call.exchange, call.exchange.getResponse(), stored, CacheResult.STALE, now);
                    }
                    return fetchUnled(call, key, stored);
                });
    }

    /**
     * Goes upstream for a waiter that could not use what it waited for: storing what it gets only
     * for a GET that allows it; a HEAD (no body to store) or a no-store request passes through.
     */
    private Mono<Void> fetchUnled(Call call, String key, CachedResponse stale) {
        return call.get && !call.directives.noStore() ? fetch(call, key, null, stale) : passThrough(call);
    }

    /** A request the cache neither answers nor stores for (HEAD miss, request no-store): upstream, marked MISS. */
    private Mono<Void> passThrough(Call call) {
        meters.count(CacheResult.MISS);
        meters.upstreamFetches.increment();
        call.exchange.getResponse().getHeaders().set(X_CACHE, CacheResult.MISS.header);
        return call.chain.filter(call.exchange);
    }

    /**
     * Fetches {@code key} upstream: the client's own validators replaced by the stored response's
     * (so the answer is a full response to store, or a 304 that refreshes {@code stale}), the body
     * aggregated as it streams. {@code mine}: the future this request leads (null: it stores
     * without leading).
     */
    private Mono<Void> fetch(Call call, String key, CompletableFuture<CachedResponse> mine, CachedResponse stale) {
        meters.upstreamFetches.increment();
        ServerWebExchange exchange = call.exchange;
        ServerHttpRequest upstream = withValidators(exchange.getRequest(), stale);
        Storing response = new Storing(call, key, mine, stale, cache.now());
        return call.chain.filter(exchange.mutate().request(upstream).response(response).build())
                .onErrorResume(failure -> response.upstreamFailed(failure))
                .doFinally(signal -> response.finish());
    }

    private static ServerHttpRequest withValidators(ServerHttpRequest request, CachedResponse stale) {
        return request.mutate().headers(headers -> {
            headers.remove(HttpHeaders.IF_NONE_MATCH);
            headers.remove(HttpHeaders.IF_MODIFIED_SINCE);
            if (stale != null && stale.etag != null) {
                headers.set(HttpHeaders.IF_NONE_MATCH, stale.etag);
            }
            if (stale != null && stale.lastModified != null) {
                headers.set(HttpHeaders.IF_MODIFIED_SINCE, stale.lastModified);
            }
        }).build();
    }

    /** RFC 5861 stale-while-revalidate: one refresh per stored response, while clients get the stale copy. */
    private void refreshInBackground(Call call, String key, CompletableFuture<CachedResponse> future, CachedResponse stale) {
        if (!stale.refreshing.compareAndSet(false, true)) {
            return;
        }
        meters.upstreamFetches.increment();
        long requestTime = cache.now();
        // always a GET: a HEAD that found the entry stale must not refresh it with an empty body
        ServerHttpRequest refresh = withValidators(call.exchange.getRequest(), stale).mutate().method(HttpMethod.GET).build();
        BackgroundExchange background = new BackgroundExchange(call.exchange, refresh, maxEntryBytes);
        call.chain.filter(background).subscribe(
                done -> { },
                failure -> {
                    log.debug("route {}: background refresh of {} failed, keeping the stored response: {}", routeId, key, failure.toString());
                    stale.refreshing.set(false);
                },
                () -> refreshed(call, key, future, stale, background.captured(), requestTime));
    }

    /**
     * Stores what a background refresh brought, under the same rules as a response the client
     * waited for: the refresh went upstream with the triggering request's headers (its
     * Authorization, its no-store), so those decide whether the answer may be shared.
     */
    private void refreshed(Call call, String key, CompletableFuture<CachedResponse> future, CachedResponse stale,
            BackgroundExchange.Captured captured, long requestTime) {
        HttpStatusCode status = captured.getStatusCode();
        long now = cache.now();
        if (status == null || status.is5xxServerError()) {
            stale.refreshing.set(false);
            return;
        }
        HttpHeaders requestHeaders = call.exchange.getRequest().getHeaders();
        CachedResponse next;
        if (status.value() == 304) {
            next = storableOrNull(call, stale.refreshedBy(policy, captured.getHeaders(), requestTime, now), now);
        } else {
            HttpHeaders headers = captured.getHeaders();
            List<String> vary = CacheKeys.varyNames(headers);
            boolean storable = !captured.tooLarge && policy.storable(call.directives, requestHeaders, status.value(),
                    headers, Directives.ofResponse(headers), vary, now);
            next = storable ? CachedResponse.of(meters, policy, status.value(), headers,
                    captured.body == null ? new byte[0] : captured.body, vary, stale.secondary, requestTime, now) : null;
        }
        cache.replace(key, future, next);
    }

    /**
     * A stored response refreshed by a 304, if it may still be stored: the 304's headers replace
     * the stored ones (RFC 9111 §4.3.4), so a 304 that says {@code private} or {@code no-store},
     * or answers a request the cache may not store for, takes the entry out of the shared cache.
     */
    private CachedResponse storableOrNull(Call call, CachedResponse refreshed, long now) {
        return policy.storable(call.directives, call.exchange.getRequest().getHeaders(), refreshed.status,
                refreshed.headers, refreshed.directives, refreshed.varyNames, now) ? refreshed : null;
    }

    /**
     * Writes a stored response: its status and headers with {@code Age} and {@code X-Cache}, the
     * stored body wrapped, not copied; a 304 when the client's own validators match; no body for HEAD.
     */
    static Mono<Void> serve(ServerWebExchange exchange, ServerHttpResponse response, CachedResponse stored,
            CacheResult result, long now) {
        stored.meters.count(result);
        HttpHeaders headers = response.getHeaders();
        if (!stored.wireHeaders.setOn(response)) {
            headers.putAll(stored.headers);
        }
        headers.set(HttpHeaders.AGE, stored.ageHeader(now));
        headers.set(X_CACHE, result.header);
        ServerHttpRequest request = exchange.getRequest();
        if (Conditionals.notModified(request.getHeaders(), stored)) {
            Conditionals.stripForNotModified(headers);
            response.setStatusCode(HttpStatusCode.valueOf(304));
            return response.setComplete();
        }
        response.setStatusCode(HttpStatusCode.valueOf(stored.status));
        if (HttpMethod.HEAD.equals(request.getMethod())) {
            return response.setComplete();
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(stored.body)));
    }

    /** One GET or HEAD on its way through the cache. */
    private record Call(ServerWebExchange exchange, GatewayFilterChain chain, boolean get, Directives directives) {
    }

    /**
     * The client's response while a fetch is in flight: decides, when the upstream's status and
     * headers are known, whether to store, refresh on 304, or fall back to the stale copy on an
     * error, and aggregates a storable body up to max-entry-bytes (beyond: the rest streams
     * through and nothing is stored). Completes the led future exactly once.
     */
    private final class Storing extends ServerHttpResponseDecorator {

        private final Call call;
        private final String key;
        private final CompletableFuture<CachedResponse> mine;
        private final CachedResponse stale;
        private final long requestTime;
        private volatile boolean completed;

        Storing(Call call, String key, CompletableFuture<CachedResponse> mine, CachedResponse stale, long requestTime) {
            super(call.exchange.getResponse());
            this.call = call;
            this.key = key;
            this.mine = mine;
            this.stale = stale;
            this.requestTime = requestTime;
        }

        /** Ends the fetch with {@code response} kept under the key (null: removed). */
        private void keep(CachedResponse response) {
            if (completed) {
                return;
            }
            completed = true;
            if (mine != null) {
                cache.complete(key, mine, response);
            } else if (response != null && response != stale) {
                cache.put(key, response);
            }
        }

        /** Whatever happened, the led future is completed; an error or cancellation keeps the stale copy. */
        void finish() {
            keep(stale);
        }

        Mono<Void> upstreamFailed(Throwable failure) {
            markUpstreamFailed();
            keep(stale);
            if (stale != null && stale.usableOnError(cache.now()) && !getDelegate().isCommitted()) {
                log.debug("route {}: upstream failed ({}), serving the stored response", routeId, failure.toString());
                return replaceWith(stale, CacheResult.STALE);
            }
            return Mono.error(failure);
        }

        /** Tells the requests waiting for this revalidation that the upstream failed (before they wake). */
        private void markUpstreamFailed() {
            if (stale != null) {
                stale.revalidationFailed(cache.now());
            }
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            // streaming media (e.g. server-sent events): never stored
            keep(null);
            mark(CacheResult.MISS);
            return super.writeAndFlushWith(body);
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            HttpStatusCode statusCode = getDelegate().getStatusCode();
            int status = statusCode == null ? 200 : statusCode.value();
            HttpHeaders received = getDelegate().getHeaders();
            long responseTime = cache.now();
            if (status == 304 && stale != null) {
                CachedResponse refreshed = stale.refreshedBy(policy, received, requestTime, responseTime);
                keep(storableOrNull(call, refreshed, responseTime));
                return Flux.from(body).doOnNext(DataBufferUtils::release).then(replaceWith(refreshed, CacheResult.REVALIDATED));
            }
            if (status >= 500 && stale != null) {
                markUpstreamFailed();
                keep(stale);
                if (stale.usableOnError(cache.now())) {
                    return Flux.from(body).doOnNext(DataBufferUtils::release).then(replaceWith(stale, CacheResult.STALE));
                }
                mark(CacheResult.MISS);
                return super.writeWith(body);
            }
            HttpHeaders requestHeaders = call.exchange.getRequest().getHeaders();
            Directives directives = Directives.ofResponse(received);
            List<String> vary = CacheKeys.varyNames(received);
            mark(CacheResult.MISS);
            if (!policy.storable(call.directives, requestHeaders, status, received, directives, vary, responseTime)) {
                keep(status >= 500 ? stale : null);
                return super.writeWith(body);
            }
            String secondary = vary.isEmpty() ? "" : CacheKeys.secondary(vary, requestHeaders);
            return super.writeWith(aggregate(body, stored -> CachedResponse.of(meters, policy, status, received, stored,
                    vary, secondary, requestTime, responseTime)));
        }

        private void mark(CacheResult result) {
            meters.count(result);
            getDelegate().getHeaders().set(X_CACHE, result.header);
        }

        /**
         * The body held back until complete, then stored and written as one buffer (a 304 instead
         * when the client's validators match); past max-entry-bytes what was held and the rest
         * stream through and nothing is stored.
         */
        private Flux<DataBuffer> aggregate(Publisher<? extends DataBuffer> body,
                java.util.function.Function<byte[], CachedResponse> toStored) {
            List<DataBuffer> held = new ArrayList<>();
            long[] size = {0};
            boolean[] overflow = {false};
            return Flux.<DataBuffer>from(body)
                    .concatMap(buffer -> {
                        if (overflow[0]) {
                            return Mono.just(buffer);
                        }
                        size[0] += buffer.readableByteCount();
                        if (size[0] > maxEntryBytes) {
                            overflow[0] = true;
                            keep(null);
                            List<DataBuffer> out = new ArrayList<>(held);
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
                        for (DataBuffer buffer : held) {
                            int length = buffer.readableByteCount();
                            buffer.read(bytes, offset, length);
                            offset += length;
                            DataBufferUtils.release(buffer);
                        }
                        held.clear();
                        CachedResponse stored = toStored.apply(bytes);
                        keep(stored);
                        if (Conditionals.notModified(call.exchange.getRequest().getHeaders(), stored)) {
                            Conditionals.stripForNotModified(getDelegate().getHeaders());
                            getDelegate().setStatusCode(HttpStatusCode.valueOf(304));
                            return Flux.empty();
                        }
                        return Flux.just(bufferFactory().wrap(bytes));
                    }))
                    .doFinally(signal -> {
                        held.forEach(DataBufferUtils::release);
                        held.clear();
                    });
        }

        /** Answers from a stored response instead of what the upstream sent (304 refresh, stale-if-error). */
        private Mono<Void> replaceWith(CachedResponse stored, CacheResult result) {
            ServerHttpResponse response = getDelegate();
            HttpHeaders headers = response.getHeaders();
            String requestId = headers.getFirst(RequestIdFilter.HEADER);
            headers.clear();
            if (requestId != null) {
                headers.set(RequestIdFilter.HEADER, requestId);
            }
            return serve(call.exchange, response, stored, result, cache.now());
        }
    }
}
