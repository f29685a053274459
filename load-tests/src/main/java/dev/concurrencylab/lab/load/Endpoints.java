package dev.concurrencylab.lab.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies by endpoint: a request's path with its query dropped and every all-digit segment
 * written {@code {id}}, e.g. {@code /webflux/users/{id}/recommendations}. Bounded: past
 * {@link #MAX_ENDPOINTS} templates (a target whose paths carry other kinds of ids), the rest count
 * as {@code other}.
 */
final class Endpoints {

    static final int MAX_ENDPOINTS = 32;
    static final String OTHER = "other";

    private final long highestTrackable;
    private final Map<String, Histogram> byTemplate = new ConcurrentHashMap<>();

    Endpoints(long highestTrackable) {
        this.highestTrackable = highestTrackable;
    }

    void record(String pathAndQuery, long nanos) {
        String template = template(pathAndQuery);
        Histogram histogram = byTemplate.get(template);
        if (histogram == null) {
            histogram = byTemplate.size() < MAX_ENDPOINTS
                    ? byTemplate.computeIfAbsent(template, key -> new ConcurrentHistogram(highestTrackable, 3))
                    : byTemplate.computeIfAbsent(OTHER, key -> new ConcurrentHistogram(highestTrackable, 3));
        }
        histogram.recordValue(nanos);
    }

    /** A copy of each endpoint's latencies, by template, in order. */
    Map<String, Histogram> latencies() {
        Map<String, Histogram> copy = new TreeMap<>();
        byTemplate.forEach((template, histogram) -> copy.put(template, histogram.copy()));
        return copy;
    }

    static String template(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String[] segments = (query < 0 ? pathAndQuery : pathAndQuery.substring(0, query)).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (!segments[i].isEmpty() && segments[i].chars().allMatch(Character::isDigit)) {
                segments[i] = "{id}";
            }
        }
        return String.join("/", segments);
    }
}
