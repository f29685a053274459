package dev.concurrencylab.gateway.proxy;

import java.util.concurrent.atomic.AtomicBoolean;

/** An action that runs at most once, whichever of several endings calls it first. */
public final class Once implements Runnable {

    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable action;

    public Once(Runnable action) {
        this.action = action;
    }

    @Override
    public void run() {
        if (done.compareAndSet(false, true)) {
            action.run();
        }
    }
}
