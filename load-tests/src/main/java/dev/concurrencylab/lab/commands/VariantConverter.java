package dev.concurrencylab.lab.commands;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import dev.concurrencylab.launcher.Service;

/**
 * A variant named on the command line ({@code mvc}, {@code virtual}, {@code webflux}, or its
 * service name {@code service-webflux}), as {@link Service} knows them: the one list of variants.
 */
public final class VariantConverter implements ITypeConverter<Service> {

    @Override
    public Service convert(String value) {
        Service service;
        try {
            service = Service.named(value.trim());
        } catch (IllegalArgumentException unknown) {
            throw new TypeConversionException(unknownVariant(value));
        }
        if (service.variant().isEmpty()) {
            throw new TypeConversionException("%s always runs once; only variants have replicas (known: %s)".formatted(
                    service.serviceName(), known()));
        }
        return service;
    }

    static String unknownVariant(String value) {
        return "unknown variant '%s'; known: %s".formatted(value, known());
    }

    private static String known() {
        return String.join(", ", Service.variants().stream().map(variant -> variant.variant().orElseThrow()).toList());
    }
}
