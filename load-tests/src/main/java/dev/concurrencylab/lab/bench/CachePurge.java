package dev.concurrencylab.lab.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Empties gateways' caches through their actuator ({@code DELETE /actuator/labcache}) between runs.
 * A gateway without the endpoint (or not reachable) is left as it is: the run's warm-up then fills
 * or reuses its cache, which the report's cache hit ratio shows.
 */
final class CachePurge {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    void purge(List<ObservedProcess> processes) {
        for (ObservedProcess process : processes) {
            if (!"gateway".equals(process.role())) {
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(process.managementUrl().resolve("/actuator/labcache"))
                    .timeout(Duration.ofSeconds(5)).DELETE().build();
            try {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException noEndpoint) {
                // nothing to purge on this gateway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
