package dev.concurrencylab.core.downstream;

import java.net.URI;
import java.time.Duration;

import org.springframework.web.util.UriComponentsBuilder;

import dev.concurrencylab.core.params.Durations;

/**
 * The HTTP contract between the services and downstream, written once: the downstream app serves
 * these paths and both clients (blocking and reactive) build their URIs here.
 */
public final class DownstreamApi {

    public static final String INVENTORY_PATH = "/inventory/{productId}";
    public static final String HISTORY_PATH = "/users/{userId}/history";
    public static final String DELAY_PATH = "/delay";
    /** How long downstream waits before it answers, on every path. */
    public static final String DELAY_PARAMETER = "delay";
    /** The status {@code /delay} answers with (a fault to inject). */
    public static final String STATUS_PARAMETER = "status";

    private final URI baseUrl;

    public DownstreamApi(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public URI inventory(int productId, Duration delay) {
        return builder(INVENTORY_PATH, delay).buildAndExpand(productId).toUri();
    }

    public URI history(int userId, Duration delay) {
        return builder(HISTORY_PATH, delay).buildAndExpand(userId).toUri();
    }

    public URI delay(Duration delay, int status) {
        return builder(DELAY_PATH, delay).queryParam(STATUS_PARAMETER, status).build().toUri();
    }

    private UriComponentsBuilder builder(String path, Duration delay) {
        return UriComponentsBuilder.fromUri(baseUrl).path(path).queryParam(DELAY_PARAMETER, Durations.format(delay));
    }
}
