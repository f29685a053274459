package dev.concurrencylab.gateway.proxy;

import io.netty.channel.EventLoop;

import reactor.core.scheduler.Scheduler;

/**
 * The event loop a client's connection runs on, and the same loop as a Reactor scheduler: a
 * request's upstream connection, its route's timers and its answer all stay on this one thread
 * (a request body's timers do not: see the gateway's {@code RequestBodies}). A timer
 * of Reactor's default (parallel) scheduler would cost two thread hand-offs per request (armed
 * and cancelled on another thread, which wakes up each time); a task scheduled on the loop itself
 * is a queue entry the loop checks between reads.
 */
public record ConnectionLoop(EventLoop eventLoop, Scheduler scheduler) {
}
