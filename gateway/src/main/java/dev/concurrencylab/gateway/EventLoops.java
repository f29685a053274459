package dev.concurrencylab.gateway;

import reactor.netty.ReactorNetty;

/**
 * How many event loops the gateway serves and proxies on: one per processor the JVM may use (its
 * cgroup's CPU limit in a container), as nginx's {@code worker_processes auto} runs one worker per
 * core. Reactor Netty's own default is at least four loops; the gateway never blocks one, so loops
 * beyond the cores would only take turns on them, and under a CPU quota (compose gives the gateway
 * one CPU) four busy loops can spend the quota in a quarter of the period and then wait out the
 * rest: four loops on two cores nearly doubled the cache-hit p99 against nginx's (the runs are in
 * docs/benchmarks/).
 *
 * <p>Reactor Netty reads {@value ReactorNetty#IO_WORKER_COUNT} once, when its loops are first
 * created, so this must be applied before the application starts. A value given on the command
 * line ({@code -Dreactor.netty.ioWorkerCount=N}) is kept.
 */
final class EventLoops {

    private EventLoops() {
    }

    /** Sets one loop per available processor unless a count was given explicitly. */
    static void onePerProcessorUnlessConfigured() {
        if (System.getProperty(ReactorNetty.IO_WORKER_COUNT) == null) {
            System.setProperty(ReactorNetty.IO_WORKER_COUNT,
                    Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }
}
