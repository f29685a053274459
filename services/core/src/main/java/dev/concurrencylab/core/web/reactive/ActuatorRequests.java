package dev.concurrencylab.core.web.reactive;

import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the actuator's own requests from the application's: WebFlux applies the application's web
 * filters to the actuator's server too (a servlet container does not), so filters that must mean
 * the same on every variant leave them alone.
 */
public final class ActuatorRequests {

    private final String basePath;

    public ActuatorRequests(String actuatorBasePath) {
        this.basePath = actuatorBasePath.endsWith("/") ? actuatorBasePath : actuatorBasePath + "/";
    }

    public boolean isActuator(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value().startsWith(basePath);
    }
}
