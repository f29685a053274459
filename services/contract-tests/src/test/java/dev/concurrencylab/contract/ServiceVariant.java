package dev.concurrencylab.contract;

import java.util.List;
import java.util.Locale;

/** The three variants under contract, and how each is started from its jar. */
enum ServiceVariant {
    MVC("service-mvc.jar", List.of()),
    VIRTUAL("service-mvc.jar", List.of("--spring.profiles.active=virtual")),
    WEBFLUX("service-webflux.jar", List.of());

    private final String jar;
    private final List<String> arguments;

    ServiceVariant(String jar, List<String> arguments) {
        this.jar = jar;
        this.arguments = arguments;
    }

    String jar() {
        return jar;
    }

    List<String> arguments() {
        return arguments;
    }

    /** The name the variant reports ({@code mvc}, {@code virtual}, {@code webflux}), also its display name in test output. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
