package dev.concurrencylab.lab.calibrate;

/**
 * What one calibration window at one rate measured.
 *
 * @param requests requests answered
 * @param cpuSeconds CPU the measured process spent meanwhile
 * @param medianMillis the requests' median latency
 */
record Window(long requests, double cpuSeconds, double medianMillis) {
}
