package dev.concurrencylab.core.slowdown;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

import dev.concurrencylab.common.problem.ProblemTypes;
import dev.concurrencylab.core.params.Durations;
import dev.concurrencylab.core.params.InvalidParameterException;
import dev.concurrencylab.core.params.QueryParameters;

/**
 * {@code /actuator/labslowdown} on the management port (never reachable through the gateway):
 * {@code GET} shows the replica's extra wait, {@code POST {"io": "500ms"}} sets it (0s ends it),
 * bounded like every I/O wait a request may ask for. A bad value is a 400 problem+json and changes
 * nothing.
 */
@Endpoint(id = "labslowdown")
public final class SlowdownEndpoint {

    private static final MimeType PROBLEM = MimeType.valueOf("application/problem+json");

    private final Slowdown slowdown;
    private final Duration maxIo;

    public SlowdownEndpoint(Slowdown slowdown, Duration maxIo) {
        this.slowdown = slowdown;
        this.maxIo = maxIo;
    }

    @ReadOperation
    public Map<String, Object> show() {
        return Map.of("io", Durations.format(slowdown.extra()));
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> set(@Nullable String io) {
        Duration wait;
        try {
            if (io == null) {
                throw new InvalidParameterException("io", null, "0s.." + Durations.format(maxIo) + " (e.g. 500ms; 0s ends it)",
                        "is required");
            }
            wait = QueryParameters.of(Map.of("io", List.of(io)), Set.of("io")).duration("io", Duration.ZERO, maxIo);
        } catch (InvalidParameterException invalid) {
            return new WebEndpointResponse<>(problem(invalid), 400, PROBLEM);
        }
        slowdown.set(wait);
        return new WebEndpointResponse<>(show(), 200);
    }

    private static Map<String, Object> problem(InvalidParameterException invalid) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ProblemTypes.PREFIX + "invalid-parameter");
        problem.put("title", "Invalid request parameter");
        problem.put("status", 400);
        problem.put("detail", invalid.getMessage());
        problem.put("instance", "/actuator/labslowdown");
        problem.put("parameter", invalid.parameter());
        problem.put("value", invalid.value());
        problem.put("allowed", invalid.allowed());
        return problem;
    }
}
