package dev.concurrencylab.lab.calibrate;

import java.util.Comparator;
import java.util.List;

/**
 * CPU per request as the slope between windows at a low and at a high rate,
 * {@code (Σ CPU high − Σ CPU low) ÷ (Σ requests high − Σ requests low)}: CPU a process spends
 * whatever the rate cancels out.
 *
 * @param lowMedianMillis median latency at the low rate, where nothing queues
 */
record Slope(double cpuSeconds, double requests, double lowMedianMillis) {

    static Slope between(List<Window> windows) {
        double low = windows.stream().mapToDouble(Window::rate).min().orElseThrow();
        double cpu = 0;
        double requests = 0;
        for (Window window : windows) {
            int sign = window.rate() == low ? -1 : 1;
            cpu += sign * window.cpuSeconds();
            requests += sign * window.requests();
        }
        double median = windows.stream().filter(window -> window.rate() == low)
                .min(Comparator.comparingDouble(Window::medianMillis)).orElseThrow().medianMillis();
        return new Slope(cpu, requests, median);
    }

    /** Microseconds of CPU per request; never below zero (a noisy pair can make the difference negative). */
    double micros() {
        return requests <= 0 ? 0 : Math.max(0, cpuSeconds / requests * 1e6);
    }
}
