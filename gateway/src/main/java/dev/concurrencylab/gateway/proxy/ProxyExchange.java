package dev.concurrencylab.gateway.proxy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import org.reactivestreams.Publisher;
import org.springframework.http.support.Netty4HeadersAdapter;

import reactor.netty.http.server.HttpServerResponse;

import dev.concurrencylab.gateway.discovery.Replica;
import dev.concurrencylab.gateway.routing.GatewayRoute;

/**
 * One request on its way through a route: what the client asked (method, raw path and query,
 * headers without hop-by-hop fields), what goes upstream (target without the route's prefix, the
 * headers of {@link UpstreamHeaders}, prepared only when a request does go upstream: a cache hit
 * never pays for them), what the gateway learned on the way (replicas tried, the one that
 * answered, how the cache handled it) and what must happen when the request is over, however it
 * ends ({@link #onEnd}). A background refresh is an exchange of its own without a client
 * ({@link #detachedGet}).
 */
public final class ProxyExchange {

    private final HttpServerResponse response;
    private final ConnectionLoop loop;
    private final GatewayRoute route;
    private final HttpMethod method;
    private final String path;
    private final String query;
    private final HttpHeaders clientHeaders;
    private final String requestId;
    private final String host;
    private final Publisher<ByteBuf> body;
    private final UpstreamHeaders upstreamHeaderSource;
    private HttpHeaders upstreamHeaders;
    private org.springframework.http.HttpHeaders springHeaders;
    private final Set<Replica> tried = new HashSet<>(4);
    private volatile int untriedLeft;
    private volatile Replica servedBy;
    private volatile String cacheResult;
    private final List<Runnable> endActions = new ArrayList<>(4);
    private boolean ended;
    private final long startNanos = System.nanoTime();

    /**
     * @param response the client's response (null: no client, a background refresh)
     * @param loop the event loop of the client's connection, where the exchange runs
     * @param body the request body to send upstream, or null for none
     * @param upstreamHeaders how the upstream request's headers are made from the client's
     */
    public ProxyExchange(HttpServerResponse response, ConnectionLoop loop, GatewayRoute route, HttpMethod method, String path, String query,
            HttpHeaders clientHeaders, String requestId, String host, Publisher<ByteBuf> body,
            UpstreamHeaders upstreamHeaders) {
        this.response = response;
        this.loop = loop;
        this.route = route;
        this.method = method;
        this.path = path;
        this.query = query;
        this.clientHeaders = clientHeaders;
        this.requestId = requestId;
        this.host = host;
        this.body = body;
        this.upstreamHeaderSource = upstreamHeaders;
    }

    /** Makes the headers of an upstream request from the client's (see {@code ProxyHandler}). */
    @FunctionalInterface
    public interface UpstreamHeaders {
        HttpHeaders of(ProxyExchange exchange);
    }

    /**
     * A GET of the same target with the same client headers, going upstream on its own (a
     * background refresh after the client got its stale answer): no client response, no body,
     * upstream headers of its own.
     */
    public ProxyExchange detachedGet() {
        return new ProxyExchange(null, loop, route, HttpMethod.GET, path, query, clientHeaders, requestId, host, null,
                upstreamHeaderSource);
    }

    public HttpServerResponse response() {
        return response;
    }

    /** The event loop the exchange runs on: its upstream connection and its timers use it. */
    public ConnectionLoop loop() {
        return loop;
    }

    public GatewayRoute route() {
        return route;
    }

    public HttpMethod method() {
        return method;
    }

    /** The path as the client sent it (raw, with the route's prefix, without the query). */
    public String path() {
        return path;
    }

    /** The raw query, or null. */
    public String query() {
        return query;
    }

    /** The client's headers, hop-by-hop fields removed (Netty's, as received). */
    public HttpHeaders clientHeaders() {
        return clientHeaders;
    }

    /** The client's headers as Spring's type, a view without copying, for code that reads them by Spring's names. */
    public org.springframework.http.HttpHeaders clientHeadersView() {
        if (springHeaders == null) {
            springHeaders = new org.springframework.http.HttpHeaders(new Netty4HeadersAdapter(clientHeaders));
        }
        return springHeaders;
    }

    public String requestId() {
        return requestId;
    }

    /** The Host the client sent (null: none), the origin part of the cache key. */
    public String host() {
        return host;
    }

    public Publisher<ByteBuf> body() {
        return body;
    }

    public boolean hasBody() {
        return body != null;
    }

    /** The upstream target: the path without the route's prefix, and the query. */
    public String upstreamTarget() {
        return route.upstreamTarget(path, query);
    }

    /** The upstream request's headers, made on first use; the cache may still change them (validators). */
    public HttpHeaders upstreamHeaders() {
        if (upstreamHeaders == null) {
            upstreamHeaders = upstreamHeaderSource.of(this);
        }
        return upstreamHeaders;
    }

    /** Replicas this request was sent to already; a retry goes elsewhere. Attempts run one after another. */
    public synchronized Set<Replica> tried() {
        return Set.copyOf(tried);
    }

    public synchronized void tried(Replica replica) {
        tried.add(replica);
    }

    public int untriedLeft() {
        return untriedLeft;
    }

    public void untriedLeft(int count) {
        untriedLeft = count;
    }

    /** The replica whose answer the client gets (null: none, or no balanced route). */
    public Replica servedBy() {
        return servedBy;
    }

    public void servedBy(Replica replica) {
        servedBy = replica;
    }

    /** The {@code X-Cache} value of this request (null: not a cached route). */
    public String cacheResult() {
        return cacheResult;
    }

    public void cacheResult(String result) {
        cacheResult = result;
    }

    public long startNanos() {
        return startNanos;
    }

    /**
     * Runs {@code action} when the request is over (the response written, failed or the client
     * gone), exactly once; at once when it is over already. Timeouts signal on other threads,
     * hence the lock.
     */
    public void onEnd(Runnable action) {
        boolean now;
        synchronized (this) {
            now = ended;
            if (!now) {
                endActions.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    /** The request is over: runs what was registered with {@link #onEnd}. */
    public void end() {
        List<Runnable> actions;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            actions = List.copyOf(endActions);
            endActions.clear();
        }
        actions.forEach(Runnable::run);
    }
}
