package dev.concurrencylab.gateway.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.concurrencylab.common.problem.ProblemTypes;

/**
 * One answer of the gateway's own, as RFC 9457 problem+json in the shape of the services' problems,
 * naming the route when there is one.
 *
 * @param status the HTTP status
 * @param type the last part of its type URN ({@code urn:concurrency-lab:problem:<type>})
 * @param title a short summary
 * @param detail what happened, for a person
 * @param retryAfter what Retry-After says (null: none)
 * @param allow what Allow says, for 405 (null: none)
 */
public record GatewayProblem(int status, String type, String title, String detail, Duration retryAfter, String allow) {

    public GatewayProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, null, null);
    }

    /** The JSON body's fields, in order. */
    public Map<String, Object> body(String path, String routeId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.PREFIX + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (path != null) {
            body.put("instance", path);
        }
        if (routeId != null) {
            body.put("route", routeId);
        }
        return body;
    }
}
