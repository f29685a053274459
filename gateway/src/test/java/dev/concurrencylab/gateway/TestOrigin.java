package dev.concurrencylab.gateway;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A real HTTP origin on loopback for the cache tests: each path answers what the test scripts
 * (status, headers, body, possibly computed from the request), stamped with {@code Date} from the
 * test's clock; a GET whose {@code If-None-Match} matches the answer's ETag gets a 304. It counts
 * requests per path, keeps the headers each request arrived with, and can hold a path's next
 * request until the test releases it.
 */
final class TestOrigin implements AutoCloseable {

    /** One scripted answer. Headers are name, value pairs. */
    record Answer(int status, String body, List<String> headers) {

        static Answer of(int status, String body, String... headers) {
            return new Answer(status, body, List.of(headers));
        }

        static Answer ok(String body, String... headers) {
            return of(200, body, headers);
        }

        String header(String name) {
            for (int i = 0; i < headers.size(); i += 2) {
                if (headers.get(i).equalsIgnoreCase(name)) {
                    return headers.get(i + 1);
                }
            }
            return null;
        }
    }

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final TestClock clock;
    private final Map<String, Function<HttpServerRequest, Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Queue<HttpHeaders>> received = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> holds = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
    private final AtomicReference<DisposableServer> server = new AtomicReference<>();
    private final Queue<Channel> connections = new ConcurrentLinkedQueue<>();

    TestOrigin(TestClock clock) {
        this.clock = clock;
        server.set(HttpServer.create().host("127.0.0.1").port(0)
                .doOnChannelInit((observer, channel, remote) -> connections.add(channel))
                .handle((request, response) -> {
            String path = request.uri();
            requests.computeIfAbsent(path, p -> new LongAdder()).increment();
            received.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).add(request.requestHeaders().copy());
            CompletableFuture<Void> hold = holds.remove(path);
            if (hold != null) {
                held.put(path, hold);
            }
            Mono<Void> wait = hold == null ? Mono.empty() : Mono.fromFuture(hold);
            return wait.then(Mono.defer(() -> {
                Function<HttpServerRequest, Answer> script = answers.getOrDefault(path, r -> Answer.of(404, "{}"));
                Answer answer = script.apply(request);
                if (answer.header("Date") == null) {
                    response.header("Date", date(clock.millis()));
                }
                if (answer.header("Content-Type") == null) {
                    response.header("Content-Type", "text/plain");
                }
                // added, not set: a name the answer repeats is sent as repeated fields
                for (int i = 0; i < answer.headers().size(); i += 2) {
                    response.addHeader(answer.headers().get(i), answer.headers().get(i + 1));
                }
                String etag = answer.header("ETag");
                String ifNoneMatch = request.requestHeaders().get("If-None-Match");
                boolean notModified = answer.status() == 200 && etag != null && etag.equals(ifNoneMatch);
                if (notModified) {
                    return response.status(304).send();
                }
                return response.status(answer.status()).sendString(Mono.just(answer.body())).then();
            }));
        }).bindNow());
    }

    static String date(long millis) {
        return HTTP_DATE.format(ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    /** What {@code path} (as the origin sees it, prefix stripped, with query) answers from now on. */
    void on(String path, Answer answer) {
        answers.put(path, request -> answer);
    }

    void on(String path, Function<HttpServerRequest, Answer> script) {
        answers.put(path, script);
    }

    /** The next request to {@code path} waits until {@link #release}. */
    void hold(String path) {
        holds.put(path, new CompletableFuture<>());
    }

    void release(String path) {
        CompletableFuture<Void> unused = holds.remove(path);
        if (unused != null) {
            unused.complete(null);
        }
        CompletableFuture<Void> waiting = held.remove(path);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    long requests(String path) {
        LongAdder count = requests.get(path);
        return count == null ? 0 : count.sum();
    }

    /** The headers of every request {@code path} got, oldest first. */
    List<HttpHeaders> received(String path) {
        Queue<HttpHeaders> all = received.get(path);
        return all == null ? List.of() : new ArrayList<>(all);
    }

    HttpHeaders lastReceived(String path) {
        List<HttpHeaders> all = received(path);
        return all.isEmpty() ? null : all.getLast();
    }

    /** A lab route {@code /<id>} to this origin with its cache on. */
    void cachedRoute(org.springframework.test.context.DynamicPropertyRegistry registry, String id, String timeout) {
        String key = "lab.gateway.routes." + id;
        registry.add(key + ".path", () -> "/" + id);
        registry.add(key + ".uri", this::uri);
        registry.add(key + ".timeout", () -> timeout);
        registry.add(key + ".retry.attempts", () -> "0");
        registry.add(key + ".cache.enabled", () -> "true");
    }

    String uri() {
        return "http://127.0.0.1:" + server.get().port();
    }

    /** Like a crashed process: the listening socket and every open connection close at once. */
    void stop() {
        server.get().dispose();
        connections.forEach(Channel::close);
        server.get().onDispose().block(java.time.Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        if (!server.get().isDisposed()) {
            stop();
        }
    }
}
