package dev.concurrencylab.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP/1.1 requests, with a timeout on each so that no test can hang. */
final class Http {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();

    Reply get(URI uri, String... headers) {
        return send("GET", uri, headers);
    }

    /** POSTs a JSON body, as an actuator write operation takes its arguments. */
    Reply postJson(URI uri, String body) {
        return send("POST", uri, HttpRequest.BodyPublishers.ofString(body), "Content-Type", "application/json");
    }

    Reply send(String method, URI uri, String... headers) {
        return send(method, uri, HttpRequest.BodyPublishers.noBody(), headers);
    }

    private Reply send(String method, URI uri, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).method(method, body);
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + uri, e);
        }
    }

    CompletableFuture<Reply> getAsync(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Reply(response.statusCode(), response.headers(), response.body(), json));
    }

    /**
     * Sends a request line as given, byte for byte, and returns the status: for URLs that
     * {@link URI} refuses to build (malformed percent-encoding), which clients still send.
     */
    RawReply raw(URI server, String target) {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + server.getHost() + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            int status = Integer.parseInt(reader.readLine().split(" ")[1]);
            String contentType = null;
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    contentType = line.substring("content-type:".length()).trim();
                }
            }
            return new RawReply(status, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + target + " on " + server + " failed", e);
        }
    }

    boolean isUp(URI uri) {
        try {
            return get(uri).status() == 200;
        } catch (UncheckedIOException notYet) {
            return false;
        }
    }

    /** What a raw request got back: the status and the Content-Type, if any. */
    record RawReply(int status, String contentType) {
    }

    /** A response: status, headers, body text, and the body as JSON on demand. */
    record Reply(int status, HttpHeaders headers, String body, JsonMapper mapper) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode json() {
            return mapper.readTree(body);
        }
    }
}
