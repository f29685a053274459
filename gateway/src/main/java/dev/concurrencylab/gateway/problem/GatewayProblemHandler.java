package dev.concurrencylab.gateway.problem;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.core.problem.Problems;
import dev.concurrencylab.gateway.cache.HttpCacheGatewayFilterFactory;
import dev.concurrencylab.gateway.cache.NotCachedException;
import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.headers.RequestIdFilter;
import dev.concurrencylab.gateway.resilience.RouteTimeoutException;
import dev.concurrencylab.gateway.support.Failures;

/**
 * The gateway's own errors as RFC 9457 problem+json, in the same shape as the services' and
 * naming the route and the reason: 502 the upstream broke, 503 no replica / shed / circuit open
 * (with Retry-After), 504 the route's time limit, 4xx for malformed requests. Answers the
 * (504 not-cached for {@code only-if-cached} without a stored response)
 * upstream gave are passed through untouched; this handles only what failed in the gateway.
 * Ordered before Boot's default handler.
 */
@Order(-2)
public final class GatewayProblemHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayProblemHandler.class);
    /**
     * What the gateway said about the exchange before it failed, kept on the problem: the request's
     * id, and how a cached route's cache handled it ({@code X-Cache}: every response of a cached
     * route carries one). Everything else set for the failed response is dropped.
     */
    private static final List<String> KEPT_HEADERS = List.of(RequestIdFilter.HEADER, HttpCacheGatewayFilterFactory.X_CACHE);

    private final GatewayProperties properties;
    private final JsonMapper json;

    public GatewayProblemHandler(GatewayProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(failure);
        }
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? null : route.getId();
        GatewayProblem problem = classify(failure, routeId, exchange.getRequest().getPath().value());
        if (problem.status().is5xxServerError()) {
            log.warn("{} {} via route {} -> {} {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), routeId, problem.status().value(), problem.type(), failure.toString());
        }
        response.setStatusCode(problem.status());
        HttpHeaders kept = new HttpHeaders();
        for (String name : KEPT_HEADERS) {
            String value = response.getHeaders().getFirst(name);
            if (value != null) {
                kept.set(name, value);
            }
        }
        response.getHeaders().clear();
        response.getHeaders().putAll(kept);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setCacheControl("no-store");
        if (failure instanceof ErrorResponse framework) {
            framework.getHeaders().forEach((name, values) -> response.getHeaders().put(name, values));
        }
        if (problem.retryAfter() != null) {
            response.getHeaders().set("Retry-After", String.valueOf(Math.max(1, problem.retryAfter().toSeconds())));
        }
        byte[] body = json.writeValueAsBytes(problem.body(exchange.getRequest().getPath().value(), routeId));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private GatewayProblem classify(Throwable failure, String routeId, String path) {
        Duration retryAfter = retryAfter(routeId);
        return switch (failure) {
            case BulkheadFullException shed -> new GatewayProblem(HttpStatus.SERVICE_UNAVAILABLE, "shed",
                    "Overloaded", "Route %s is at its concurrency limit; try again later".formatted(routeId), retryAfter);
            case CallNotPermittedException open -> new GatewayProblem(HttpStatus.SERVICE_UNAVAILABLE, "circuit-open",
                    "Circuit open", "Route %s stopped calling its upstream after repeated failures".formatted(routeId),
                    retryAfter);
            case NotCachedException notCached -> new GatewayProblem(HttpStatus.GATEWAY_TIMEOUT, "not-cached",
                    "Not cached", notCached.getMessage(), null);
            case RouteTimeoutException timeout -> new GatewayProblem(HttpStatus.GATEWAY_TIMEOUT, "timeout",
                    "Upstream timed out", timeout.getMessage(), null);
            case NotFoundException noReplica -> new GatewayProblem(HttpStatus.SERVICE_UNAVAILABLE, "no-replica",
                    "No replica", "Route %s has no replica to send to".formatted(routeId), retryAfter);
            case ErrorResponse framework when framework.getStatusCode().is4xxClientError() ->
                    clientError(framework.getStatusCode(), routeId, path);
            default -> Failures.isTransportFailure(failure)
                    ? new GatewayProblem(HttpStatus.BAD_GATEWAY, "upstream-failed", "Upstream failed",
                            "The upstream of route %s broke the connection or refused it".formatted(routeId), null)
                    : unexpected(failure, routeId);
        };
    }

    private static GatewayProblem clientError(HttpStatusCode status, String routeId, String path) {
        if (status.value() == 404) {
            return new GatewayProblem(status, "no-route", "Not found", "No route matches " + path, null);
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        String reason = known == null ? "Client error" : known.getReasonPhrase();
        return new GatewayProblem(status, "bad-request", reason, "The gateway cannot forward this request: " + reason, null);
    }

    private static GatewayProblem unexpected(Throwable failure, String routeId) {
        log.error("request via route {} failed unexpectedly", routeId, failure);
        return new GatewayProblem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The gateway failed to handle this request; its log has the details", null);
    }

    private Duration retryAfter(String routeId) {
        GatewayProperties.Route route = routeId == null ? null : properties.routes().get(routeId);
        return route == null ? Duration.ofSeconds(1) : route.retryAfter();
    }

    /** One problem the gateway answers with. */
    record GatewayProblem(HttpStatusCode status, String type, String title, String detail, Duration retryAfter) {

        Map<String, Object> body(String path, String routeId) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", Problems.TYPE_PREFIX + type);
            body.put("title", title);
            body.put("status", status.value());
            body.put("detail", detail);
            body.put("instance", path);
            if (routeId != null) {
                body.put("route", routeId);
            }
            return body;
        }
    }
}
