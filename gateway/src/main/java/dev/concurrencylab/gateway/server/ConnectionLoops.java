package dev.concurrencylab.gateway.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;

import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;

import dev.concurrencylab.gateway.proxy.ConnectionLoop;

/**
 * The {@link ConnectionLoop} of a request's connection. One per loop (there is one loop per core),
 * made the first time a loop is seen. The scheduler wraps the loop as an executor service, which
 * makes it time-capable (an event loop is a {@code ScheduledExecutorService}); it is never
 * disposed, since disposing it would shut the loop down.
 */
final class ConnectionLoops {

    private final Map<EventLoop, ConnectionLoop> loops = new ConcurrentHashMap<>();

    ConnectionLoop of(HttpServerRequest request) {
        EventLoop[] loop = new EventLoop[1];
        request.withConnection(connection -> loop[0] = connection.channel().eventLoop());
        ConnectionLoop known = loops.get(loop[0]);
        return known != null ? known
                : loops.computeIfAbsent(loop[0], eventLoop -> new ConnectionLoop(eventLoop, Schedulers.fromExecutorService(eventLoop)));
    }
}
