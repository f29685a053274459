package dev.concurrencylab.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/** A real HTTP client for the gateway under test, with bounded timeouts and a bounded amount of load. */
final class Client {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Client(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, headers);
    }

    HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code total} requests from {@code concurrency} virtual-thread users; returns every
     * response, in request order. A request that fails does not stop its user: the load runs to
     * the end, and then one exception tells how many failed, the lowest-numbered of them (its
     * cause attached) and how the others were answered, so a failure under load explains itself.
     * Every throwable is recorded, so no request can go missing from the count.
     */
    List<HttpResponse<String>> load(int concurrency, int total, IntFunction<HttpResponse<String>> request) {
        Map<Integer, HttpResponse<String>> answered = new ConcurrentSkipListMap<>();
        Map<Integer, Throwable> failed = new ConcurrentSkipListMap<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int user = 0; user < concurrency; user++) {
                int first = user;
                executor.execute(() -> {
                    for (int i = first; i < total; i += concurrency) {
                        try {
                            answered.put(i, request.apply(i));
                        } catch (Throwable failure) {
                            failed.put(i, failure);
                        }
                    }
                });
            }
        }
        if (!failed.isEmpty()) {
            Map.Entry<Integer, Throwable> firstFailure = failed.entrySet().iterator().next();
            throw new IllegalStateException("load failed: %d of %d requests (the first by number: request %d); the others were answered %s"
                    .formatted(failed.size(), total, firstFailure.getKey(), answers(answered.values())), firstFailure.getValue());
        }
        return List.copyOf(answered.values());
    }

    /** Answers counted by status and X-Cache, e.g. {@code {200 STALE=199}}. */
    private static Map<String, Long> answers(Collection<HttpResponse<String>> responses) {
        return responses.stream().collect(Collectors.groupingBy(
                response -> response.statusCode() + " " + response.headers().firstValue("X-Cache").orElse("(no X-Cache)"),
                TreeMap::new, Collectors.counting()));
    }
}
