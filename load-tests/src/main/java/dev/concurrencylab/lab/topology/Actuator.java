package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.concurrencylab.lab.Quantities;
import dev.concurrencylab.launcher.ReadinessProbe;

/** Reads a lab process's actuator on its management port: readiness, metric values, the gateway's replica lists. */
public final class Actuator {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final ReadinessProbe readiness = new ReadinessProbe();

    public boolean isReady(LabProcess process) {
        return readiness.isReady(process.managementPort());
    }

    /** The value of a metric ({@code /actuator/metrics/<name>}, first measurement), if it exists. */
    public OptionalDouble metric(LabProcess process, String name) {
        try {
            HttpResponse<String> response = http.send(request(process.managementUrl() + "/actuator/metrics/" + name, "GET"),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalDouble.empty();
            }
            JsonNode measurements = json.readTree(response.body()).path("measurements");
            return measurements.isEmpty() ? OptionalDouble.empty()
                    : OptionalDouble.of(measurements.get(0).path("value").asDouble());
        } catch (IOException | RuntimeException unavailable) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /** Asks the gateway to re-read its replicas file now ({@code POST /actuator/labreplicas}). */
    public void reloadReplicas(LabProcess process) {
        int status = status(process.managementUrl() + "/actuator/labreplicas", "POST");
        if (status != 200) {
            throw new LabException("the gateway did not take the new replica list (labreplicas answered " + status
                    + "); see " + process.log());
        }
    }

    /** Gives a replica an extra wait on every request ({@code POST /actuator/labslowdown}); zero ends it. */
    public void slowDown(LabProcess replica, Duration io) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.managementUrl() + "/actuator/labslowdown"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("io", Quantities.format(io)))))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new LabException("%s did not take the slowdown (labslowdown answered %d: %s)".formatted(replica.name(),
                        response.statusCode(), response.body()));
            }
        } catch (IOException unreachable) {
            throw new LabException(replica.name() + " did not answer on its management port: " + unreachable.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while slowing down " + replica.name());
        }
    }

    private int status(String url, String method) {
        try {
            return http.send(request(url, method), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpRequest request(String url, String method) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
}
