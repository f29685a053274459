package dev.concurrencylab.gateway.server;

import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

import org.reactivestreams.Publisher;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import dev.concurrencylab.common.runtime.InFlightRequests;
import dev.concurrencylab.gateway.headers.ForwardedHeaders;
import dev.concurrencylab.gateway.headers.HopByHop;
import dev.concurrencylab.gateway.headers.RequestIds;
import dev.concurrencylab.gateway.problem.GatewayProblem;
import dev.concurrencylab.gateway.problem.GatewayProblems;
import dev.concurrencylab.gateway.proxy.ConnectionLoop;
import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.RouteHandler;
import dev.concurrencylab.gateway.routing.GatewayRoute;
import dev.concurrencylab.gateway.routing.RouteTable;

/**
 * The gateway's data path: every request on the traffic port, straight from Reactor Netty's
 * server. Counts it in flight ({@code lab.requests.inflight}), answers what it will not forward
 * (a method outside RFC 9110's API methods: 405 with Allow; no matching route: 404; each
 * problem+json; an HTTP version other than 1.x never gets here, see {@link UnsupportedVersions}), strips the hop-by-hop fields, gives the request its
 * id, hands it to its route's handler, answers the handler's failure as a problem, and times it
 * per route ({@link RouteTimers}).
 */
public final class GatewayHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    /** The methods proxied; anything else (TRACE, CONNECT, an invented method) never reaches an upstream. */
    static final Set<HttpMethod> ALLOWED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
    private static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    private final RouteTable routes;
    private final Map<String, RouteHandler> handlers;
    private final GatewayProblems problems;
    private final InFlightRequests inFlight;
    private final ForwardedHeaders forwarded;
    private final RouteTimers timers;
    private final RequestBodies bodies;
    private final ConnectionLoops loops = new ConnectionLoops();

    GatewayHandler(RouteTable routes, Map<String, RouteHandler> handlers, GatewayProblems problems,
            InFlightRequests inFlight, ForwardedHeaders forwarded, RouteTimers timers, RequestBodies bodies) {
        this.routes = routes;
        this.handlers = Map.copyOf(handlers);
        this.problems = problems;
        this.inFlight = inFlight;
        this.forwarded = forwarded;
        this.timers = timers;
        this.bodies = bodies;
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        inFlight.started();
        // Never answered within this call: Reactor Netty 1.3.x (until its fix of 2026-09,
        // reactor-netty#4347/#4361) stops reading a kept-alive connection when a request it had
        // queued is answered and terminates re-entrantly, and an answer given at once (a cache
        // hit, a problem) does exactly that; the connection's next request then waits for ever.
        // One task later on the connection's own event loop, the answer is the same and the
        // connection keeps reading.
        ConnectionLoop loop = loops.of(request);
        return Mono.defer(() -> dispatch(request, response, loop))
                .subscribeOn(loop.scheduler())
                .doFinally(signal -> inFlight.finished());
    }

    private Mono<Void> dispatch(HttpServerRequest request, HttpServerResponse response, ConnectionLoop loop) {
        HttpHeaders headers = request.requestHeaders();
        // before anything reads them: the fields a client names in Connection were meant for the gateway alone
        boolean hasBody = hasBody(headers);
        HopByHop.remove(headers);
        String requestId = RequestIds.of(headers.get(RequestIds.HEADER));
        response.responseHeaders().set(RequestIds.HEADER, requestId);
        HttpMethod method = request.method();
        String target = originForm(request.uri());
        if (!ALLOWED.contains(method)) {
            return refuse(response, hasBody, new GatewayProblem(405, "bad-request", "Method Not Allowed",
                    "The gateway does not forward " + method.name() + " requests", null, ALLOW), target);
        }
        if (target == null) {
            return refuse(response, hasBody, new GatewayProblem(400, "bad-request", "Bad Request",
                    "The request target must be a path such as /mvc/products/1"), null);
        }
        int queryAt = target.indexOf('?');
        String path = queryAt < 0 ? target : target.substring(0, queryAt);
        String query = queryAt < 0 ? null : target.substring(queryAt + 1);
        GatewayRoute route = routes.match(path);
        if (route == null) {
            return refuse(response, hasBody, new GatewayProblem(404, "no-route", "Not found", "No route matches " + path),
                    path);
        }
        Publisher<ByteBuf> body = hasBody ? bodies.of(request) : null;
        ProxyExchange exchange = new ProxyExchange(response, loop, route, method, path, query, headers, requestId,
                headers.get(HttpHeaderNames.HOST), body, ignored -> upstreamHeaders(request, route, headers, requestId));
        return handlers.get(route.id()).handle(exchange)
                .onErrorResume(failure -> problems.answer(exchange, failure))
                .doFinally(signal -> {
                    exchange.end();
                    timers.record(route, method, response.status().code(), System.nanoTime() - exchange.startNanos());
                });
    }

    /**
     * Answers a request the gateway will not route. A body it came with is not read: the
     * connection ends with the answer, so the body's bytes are never taken for the next request.
     */
    private Mono<Void> refuse(HttpServerResponse response, boolean hasBody, GatewayProblem problem, String path) {
        if (hasBody) {
            response.keepAlive(false);
        }
        return problems.write(response, problem, path, null);
    }

    /** The client's headers as they go upstream: without Host (the upstream's is set per attempt), with id and forwarded headers. */
    private HttpHeaders upstreamHeaders(HttpServerRequest request, GatewayRoute route, HttpHeaders client, String requestId) {
        HttpHeaders upstream = client.copy();
        upstream.remove(HttpHeaderNames.HOST);
        upstream.set(RequestIds.HEADER, requestId);
        forwarded.apply(upstream, request.remoteAddress(), client.get(HttpHeaderNames.HOST),
                request.hostAddress() == null ? 0 : request.hostAddress().getPort(), route.prefix());
        return upstream;
    }

    private static boolean hasBody(HttpHeaders headers) {
        String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        return (length != null && !length.equals("0")) || headers.contains(HttpHeaderNames.TRANSFER_ENCODING);
    }

    /**
     * The request target in origin form ({@code /path?query}), also of an absolute-form target
     * ({@code http://host/path}); null for anything else ({@code *}, an authority). A fragment,
     * which clients never send, is dropped.
     */
    static String originForm(String uri) {
        String target = uri;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme < 0) {
                return null;
            }
            int pathAt = target.indexOf('/', scheme + 3);
            target = pathAt < 0 ? "/" : target.substring(pathAt);
        }
        int fragment = target.indexOf('#');
        return fragment < 0 ? target : target.substring(0, fragment);
    }
}
