package dev.concurrencylab.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

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

    /** Runs {@code total} requests from {@code concurrency} virtual-thread users; returns every response. */
    List<HttpResponse<String>> load(int concurrency, int total, IntFunction<HttpResponse<String>> request) {
        List<Future<List<HttpResponse<String>>>> users = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int user = 0; user < concurrency; user++) {
                int first = user;
                users.add(executor.submit(() -> {
                    List<HttpResponse<String>> responses = new ArrayList<>();
                    for (int i = first; i < total; i += concurrency) {
                        responses.add(request.apply(i));
                    }
                    return responses;
                }));
            }
            List<HttpResponse<String>> all = new ArrayList<>();
            for (Future<List<HttpResponse<String>>> user : users) {
                all.addAll(user.get());
            }
            return all;
        } catch (Exception e) {
            throw new IllegalStateException("load failed", e);
        }
    }
}
