package dev.concurrencylab.webflux;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.netty.handler.timeout.ReadTimeoutException;

import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import reactor.core.publisher.Mono;

import dev.concurrencylab.core.downstream.Delayed;
import dev.concurrencylab.core.downstream.DownstreamApi;
import dev.concurrencylab.core.downstream.History;
import dev.concurrencylab.core.downstream.Inventory;
import dev.concurrencylab.core.problem.DownstreamException;
import dev.concurrencylab.core.problem.DownstreamException.Kind;

/**
 * Calls downstream without blocking: the event loop sends the request and moves on; the answer
 * arrives as a signal. Every failure leaves here as a {@link DownstreamException}, so the status
 * a client sees does not depend on which HTTP client a variant uses.
 */
public class ReactiveDownstreamClient {

    private final WebClient webClient;
    private final DownstreamApi api;

    public ReactiveDownstreamClient(WebClient webClient, DownstreamApi api) {
        this.webClient = webClient;
        this.api = api;
    }

    public Mono<Inventory> inventory(int productId, Duration latency) {
        return get(api.inventory(productId, latency), Inventory.class);
    }

    public Mono<History> history(int userId, Duration latency) {
        return get(api.history(userId, latency), History.class);
    }

    public Mono<Delayed> delay(Duration delay, int status) {
        return get(api.delay(delay, status), Delayed.class);
    }

    private <T> Mono<T> get(URI uri, Class<T> type) {
        return webClient.get().uri(uri).retrieve().bodyToMono(type).onErrorMap(ReactiveDownstreamClient::translate);
    }

    private static Throwable translate(Throwable failure) {
        if (failure instanceof WebClientResponseException errorStatus) {
            return DownstreamException.errorStatus(errorStatus.getStatusCode().value(), errorStatus);
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Reactor Netty shades its pool library, so its acquire-timeout type is matched by name
            if (cause.getClass().getSimpleName().equals("PoolAcquireTimeoutException")) {
                return new DownstreamException(Kind.POOL_EXHAUSTED,
                        "No pooled connection to downstream became free in time", failure);
            }
            if (cause instanceof ReadTimeoutException || cause instanceof TimeoutException) {
                return new DownstreamException(Kind.TIMEOUT, "Downstream did not answer in time", failure);
            }
        }
        return new DownstreamException(Kind.UNREACHABLE, "Downstream unreachable: " + rootCause(failure), failure);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
