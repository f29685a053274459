package dev.concurrencylab.launcher;

/** A stand-in app that runs until it is stopped (bounded: a minute), for tests that end it themselves. */
public final class StaysUp {

    private StaysUp() {
    }

    public static void main(String[] arguments) throws InterruptedException {
        System.out.println("up");
        Thread.sleep(60_000);
    }
}
