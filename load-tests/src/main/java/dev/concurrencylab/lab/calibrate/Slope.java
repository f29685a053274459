package dev.concurrencylab.lab.calibrate;

/**
 * CPU per request as the slope between a window at a low and one at a high rate,
 * {@code (CPU high − CPU low) ÷ (requests high − requests low)}: CPU a process spends whatever the
 * rate cancels out.
 *
 * @param lowMedianMillis median latency at the low rate, where nothing queues
 */
record Slope(double cpuSeconds, double requests, double lowMedianMillis) {

    static Slope between(Window low, Window high) {
        return new Slope(high.cpuSeconds() - low.cpuSeconds(), high.requests() - low.requests(), low.medianMillis());
    }

    /** Microseconds of CPU per request; never below zero (a noisy pair can make the difference negative). */
    double micros() {
        return requests <= 0 ? 0 : Math.max(0, cpuSeconds / requests * 1e6);
    }
}
