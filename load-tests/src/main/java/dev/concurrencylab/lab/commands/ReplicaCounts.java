package dev.concurrencylab.lab.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.TypeConversionException;

import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.launcher.Service;

/** Parses {@code mvc=2,virtual=2,webflux=2} (variant or service names) into replica counts. */
final class ReplicaCounts {

    public Map<Service, Integer> convert(String value) {
        Map<Service, Integer> counts = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.trim().split("=");
            if (parts.length != 2) {
                throw new LabException("'%s' is not <service>=<count>, e.g. webflux=3".formatted(pair));
            }
            try {
                counts.put(new VariantConverter().convert(parts[0]), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new LabException("'%s' is not a whole number of replicas".formatted(parts[1]));
            } catch (TypeConversionException e) {
                throw new LabException(e.getMessage());
            }
        }
        return counts;
    }
}
