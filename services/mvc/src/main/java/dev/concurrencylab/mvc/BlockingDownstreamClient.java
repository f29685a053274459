package dev.concurrencylab.mvc;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import dev.concurrencylab.core.downstream.Delayed;
import dev.concurrencylab.core.downstream.DownstreamApi;
import dev.concurrencylab.core.downstream.History;
import dev.concurrencylab.core.downstream.Inventory;
import dev.concurrencylab.core.problem.DownstreamException;
import dev.concurrencylab.core.problem.DownstreamException.Kind;

/**
 * Calls downstream the blocking way: the calling thread waits for the response. Every failure
 * leaves here as a {@link DownstreamException}, so the status a client sees does not depend on
 * which HTTP client a variant uses.
 */
public class BlockingDownstreamClient {

    private final RestClient restClient;
    private final DownstreamApi api;

    public BlockingDownstreamClient(RestClient restClient, DownstreamApi api) {
        this.restClient = restClient;
        this.api = api;
    }

    public Inventory inventory(int productId, Duration latency) {
        return get(api.inventory(productId, latency), Inventory.class);
    }

    public History history(int userId, Duration latency) {
        return get(api.history(userId, latency), History.class);
    }

    public Delayed delay(Duration delay, int status) {
        return get(api.delay(delay, status), Delayed.class);
    }

    private <T> T get(URI uri, Class<T> type) {
        try {
            return restClient.get().uri(uri).retrieve().body(type);
        } catch (RestClientResponseException errorStatus) {
            throw DownstreamException.errorStatus(errorStatus.getStatusCode().value(), errorStatus);
        } catch (ResourceAccessException ioFailure) {
            throw translate(ioFailure);
        }
    }

    private static DownstreamException translate(ResourceAccessException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectionRequestTimeoutException) {
                return new DownstreamException(Kind.POOL_EXHAUSTED,
                        "No pooled connection to downstream became free in time", failure);
            }
            if (cause instanceof SocketTimeoutException) {
                return new DownstreamException(Kind.TIMEOUT, "Downstream did not answer in time", failure);
            }
        }
        return new DownstreamException(Kind.UNREACHABLE, "Downstream unreachable: " + failure.getMostSpecificCause(), failure);
    }
}
