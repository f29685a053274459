package dev.concurrencylab.gateway.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The event loop a request's connection runs on, as a Reactor scheduler: work scheduled on it
 * runs on that very thread, one task later. One scheduler per loop (there is one loop per core),
 * made the first time a loop is seen.
 */
final class ConnectionLoops {

    private final Map<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

    Scheduler of(HttpServerRequest request) {
        EventLoop[] loop = new EventLoop[1];
        request.withConnection(connection -> loop[0] = connection.channel().eventLoop());
        Scheduler scheduler = schedulers.get(loop[0]);
        return scheduler != null ? scheduler : schedulers.computeIfAbsent(loop[0], Schedulers::fromExecutor);
    }
}
