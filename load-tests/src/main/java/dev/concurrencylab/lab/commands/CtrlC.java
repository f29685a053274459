package dev.concurrencylab.lab.commands;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C does while a command works: {@code onInterrupt} runs (stop sending load), then the
 * JVM is held until the command has finished what must not be lost — the printed result, the
 * report, stopping the lab it started — for two minutes at most. Close it when that work is done.
 */
final class CtrlC implements AutoCloseable {

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    CtrlC(String name, Runnable onInterrupt) {
        this.hook = new Thread(() -> {
            onInterrupt.run();
            awaitFinished();
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and has just been released
        }
    }

    private void awaitFinished() {
        try {
            finished.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
