package dev.concurrencylab.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.netty.channel.Channel;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP replica on loopback, run inside the test: answers every request with its name and
 * the headers it received, after a delay and with a status the test can change at any time, and
 * counts what it got by method. {@link #kill()} closes it like a crashed process.
 */
final class TestReplica implements AutoCloseable {

    private final String name;
    private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicBoolean stallBody = new AtomicBoolean();
    private final Map<String, LongAdder> requestsByMethod = new ConcurrentHashMap<>();
    private final DisposableServer server;
    private final Queue<Channel> connections = new ConcurrentLinkedQueue<>();

    private TestReplica(String name, String host, int port) {
        this.name = name;
        this.server = HttpServer.create().host(host).port(port)
                .doOnChannelInit((observer, channel, remote) -> connections.add(channel))
                .handle((request, response) -> {
                    requestsByMethod.computeIfAbsent(request.method().name(), method -> new LongAdder()).increment();
                    String body = "{\"replica\":\"%s\",\"path\":\"%s\",\"forwarded\":\"%s\",\"xForwardedFor\":\"%s\",\"requestId\":\"%s\"}"
                            .formatted(name, request.uri(), header(request.requestHeaders().get("Forwarded")),
                                    header(request.requestHeaders().get("X-Forwarded-For")),
                                    header(request.requestHeaders().get("X-Request-Id")));
                    Duration wait = delay.get();
                    if (stallBody.get()) {
                        // the headers and a first piece of the body, then nothing, ever
                        return response.status(200).header("Content-Type", "application/json")
                                .sendString(Flux.just("{\"replica\":").concatWith(Flux.never())).then();
                    }
                    // products are cacheable, like the services' own (a shared cache may keep them a minute)
                    if (request.uri().startsWith("/products/")) {
                        response.header("Cache-Control", "public, max-age=60");
                    }
                    // like a real API, it reads the whole request before it answers
                    return request.receive().then(Mono.delay(wait)).then(response.status(status.get())
                            .header("Content-Type", "application/json")
                            .sendString(Mono.just(body)).then());
                })
                .bindNow();
    }

    static TestReplica start(String name) {
        return new TestReplica(name, "127.0.0.1", 0);
    }

    static TestReplica start(String name, String host, int port) {
        return new TestReplica(name, host, port);
    }

    private static String header(String value) {
        return value == null ? "" : value.replace("\"", "'");
    }

    String name() {
        return name;
    }

    int port() {
        return server.port();
    }

    String uri() {
        return "http://127.0.0.1:" + server.port();
    }

    String replicaId() {
        return server.host() + ":" + server.port();
    }

    void delay(Duration wait) {
        delay.set(wait);
    }

    /** From now on: answers with headers and the start of a body, then sends nothing more. */
    void stallBody() {
        stallBody.set(true);
    }

    void status(int answer) {
        status.set(answer);
    }

    long requests(String method) {
        LongAdder count = requestsByMethod.get(method);
        return count == null ? 0 : count.sum();
    }

    void reset() {
        requestsByMethod.clear();
        delay.set(Duration.ZERO);
        status.set(200);
        stallBody.set(false);
    }

    /** Like a crashed process: the listening socket and every open connection close at once. */
    void kill() {
        server.dispose();
        connections.forEach(Channel::close);
        server.onDispose().block(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        if (!server.isDisposed()) {
            kill();
        }
    }
}
