package dev.concurrencylab.gateway.problem;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.gateway.cache.NotCachedException;
import dev.concurrencylab.gateway.headers.RequestIds;
import dev.concurrencylab.gateway.proxy.AttemptTimeoutException;
import dev.concurrencylab.gateway.proxy.NoReplicaException;
import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.RequestBodyTimeoutException;
import dev.concurrencylab.gateway.resilience.CircuitOpenException;
import dev.concurrencylab.gateway.resilience.RouteTimeoutException;
import dev.concurrencylab.gateway.routing.GatewayRoute;
import dev.concurrencylab.gateway.support.Failures;

/**
 * The gateway's own errors as RFC 9457 problem+json: 502 the upstream broke, 503 no replica / shed
 * / circuit open (with Retry-After), 504 the route's time limit or {@code only-if-cached} without
 * a stored response, 408 a request body that stopped coming, 4xx for requests the gateway will
 * not forward. Answers the upstream gave are
 * passed through untouched; this handles only what failed in the gateway. A problem keeps what
 * the gateway said about the exchange before it failed: the request's id, and how a cached route's
 * cache handled it ({@code X-Cache}).
 */
public final class GatewayProblems {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblems.class);

    private final JsonMapper json;

    public GatewayProblems(JsonMapper json) {
        this.json = json;
    }

    /** What a failure of a routed request is, as a problem. */
    public GatewayProblem classify(Throwable failure, GatewayRoute route) {
        String routeId = route.id();
        Duration retryAfter = route.settings().retryAfter();
        RequestBodyTimeoutException bodyTimeout = Failures.causeOf(failure, RequestBodyTimeoutException.class);
        if (bodyTimeout != null) {
            return new GatewayProblem(408, "request-timeout", "Request Timeout", bodyTimeout.getMessage());
        }
        return switch (failure) {
            case BulkheadFullException shed -> new GatewayProblem(503, "shed", "Overloaded",
                    "Route %s is at its concurrency limit; try again later".formatted(routeId), retryAfter, null);
            case CircuitOpenException open -> new GatewayProblem(503, "circuit-open", "Circuit open",
                    open.getMessage(), open.retryAfter(), null);
            case NoReplicaException none -> new GatewayProblem(503, "no-replica", "No replica", none.getMessage(),
                    retryAfter, null);
            case NotCachedException notCached -> new GatewayProblem(504, "not-cached", "Not cached", notCached.getMessage());
            case RouteTimeoutException timeout -> new GatewayProblem(504, "timeout", "Upstream timed out", timeout.getMessage());
            case AttemptTimeoutException timeout -> new GatewayProblem(504, "timeout", "Upstream timed out", timeout.getMessage());
            default -> Failures.isTransportFailure(failure)
                    ? new GatewayProblem(502, "upstream-failed", "Upstream failed",
                            "The upstream of route %s broke the connection or refused it".formatted(routeId))
                    : unexpected(failure, routeId);
        };
    }

    private static GatewayProblem unexpected(Throwable failure, String routeId) {
        log.error("request via route {} failed unexpectedly", routeId, failure);
        return new GatewayProblem(500, "internal", "Internal error",
                "The gateway failed to handle this request; its log has the details");
    }

    /** Answers a routed request's failure, unless the upstream's answer is being written already. */
    public Mono<Void> answer(ProxyExchange exchange, Throwable failure) {
        HttpServerResponse response = exchange.response();
        if (response.hasSentHeaders()) {
            return Mono.error(failure);
        }
        GatewayProblem problem = classify(failure, exchange.route());
        if (problem.status() >= 500) {
            log.warn("{} {} via route {} -> {} {}: {}", exchange.method(), exchange.path(), exchange.route().id(),
                    problem.status(), problem.type(), failure.toString());
        }
        response.responseHeaders().clear();
        if (problem.status() == 408) {
            // the rest of the body may still come: nothing after it on this connection can be read as a request
            response.keepAlive(false);
        }
        response.responseHeaders().set(RequestIds.HEADER, exchange.requestId());
        if (exchange.cacheResult() != null) {
            response.responseHeaders().set("X-Cache", exchange.cacheResult());
        }
        return write(response, problem, exchange.path(), exchange.route().id());
    }

    /** Writes {@code problem} as the whole response (headers set before are kept unless they clash). */
    public Mono<Void> write(HttpServerResponse response, GatewayProblem problem, String path, String routeId) {
        byte[] body = json.writeValueAsBytes(problem.body(path, routeId));
        HttpHeaders headers = response.responseHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (problem.retryAfter() != null) {
            headers.set(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000)));
        }
        if (problem.allow() != null) {
            headers.set(HttpHeaderNames.ALLOW, problem.allow());
        }
        return response.status(problem.status()).send(Mono.just(Unpooled.wrappedBuffer(body))).then();
    }
}
