package dev.concurrencylab.lab.scenario;

import java.time.Duration;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import dev.concurrencylab.lab.Quantities;

/**
 * Durations and sizes in scenario files, written the lab's way ({@code 250us}, {@code 2s};
 * {@code 512}, {@code 4KB}): the lab's own syntax, shared with its options and the services'
 * parameters, which no Jackson module reads (Jackson's own reads ISO-8601 {@code PT2S}).
 */
final class QuantityDeserializers {

    private QuantityDeserializers() {
    }

    static final class Durations extends ValueDeserializer<Duration> {

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) {
            String raw = parser.getValueAsString();
            return Quantities.duration(raw == null ? "" : raw).orElseGet(() -> context.reportInputMismatch(this,
                    "must be a duration such as 250us, 500ms, 10s or 2m, was '%s'", raw == null ? parser.getString() : raw));
        }
    }

    static final class Size extends ValueDeserializer<Long> {

        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) {
            String raw = parser.getValueAsString();
            return Quantities.bytes(raw == null ? "" : raw).orElseGet(() -> context.reportInputMismatch(this,
                    "must be a size such as 512, 4KB or 1MB, was '%s'", raw == null ? parser.getString() : raw));
        }
    }
}
