package dev.concurrencylab.lab.scenario;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.Range;

import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * A scenario file as written: Jackson binds the YAML to these records (a field that is not one of
 * theirs fails the read), Bean Validation checks every bound, and {@link ScenarioFile} turns the
 * result into a {@link Scenario}, with the defaults for what the file leaves out (a field left out
 * is null here).
 */
record ScenarioDocument(
        @Size(max = 300, message = "must be at most {max} characters") String description,
        @Range(min = 1, max = 20_000, message = WHOLE_NUMBER) Integer users,
        @Range(min = 1, max = 50_000, message = WHOLE_NUMBER) Integer rate,
        @Within(max = "1m") Duration think,
        @Range(min = 1, max = 10_000, message = WHOLE_NUMBER) Integer connections,
        @NotNull(message = "is required (a duration within 1s..10m)") @Within(min = "1s", max = "10m") Duration duration,
        @Within(max = "2m") Duration warmup,
        @Valid Request request,
        @Valid Mix mix,
        @Valid Keys keys,
        @JsonProperty("downstream-pool") @Range(min = 1, max = 10_000, message = WHOLE_NUMBER) Integer downstreamPool,
        @JsonProperty("done-right") @Valid DoneRight doneRight,
        @Size(max = 20, message = "must be at most {max} events") List<@Valid @NotNull(message = "must not be empty") EventDocument> events) {

    static final String WHOLE_NUMBER = "must be a whole number within {min}..{max}";
    /** A replica as {@code ./lab status} names it: {@code service-<variant>-<n>}. */
    static final String REPLICA = "service-(mvc|virtual|webflux)-[1-9][0-9]?";

    /** What each request costs the service; see {@link Scenario.RequestShape}. */
    record Request(
            @Within(max = "10s") Duration io,
            @JsonProperty("io-mode") Scenario.IoMode ioMode,
            @Within(max = "2s") Duration cpu,
            @JsonProperty("cpu-on") Scenario.CpuOn cpuOn,
            @JsonDeserialize(using = QuantityDeserializers.Size.class)
            @Range(max = 1024 * 1024, message = "must be a size such as 512, 4KB or 1MB within {min}..{max} bytes") Long bytes) {
    }

    /** An anti-pattern's requests done the right way; see {@link Scenario#doneRight()}. */
    record DoneRight(@JsonProperty("io-mode") Scenario.IoMode ioMode, @JsonProperty("cpu-on") Scenario.CpuOn cpuOn,
            @JsonProperty("downstream-pool") @Range(min = 1, max = 10_000, message = WHOLE_NUMBER) Integer downstreamPool) {
    }

    /**
     * One event: {@code {at: 10s, kill: service-webflux-1}}, {@code {at: 20s, scale: webflux=4}} or
     * {@code {at: 25s, slow: {replica: service-mvc-2, io: 500ms}}}; see {@link Event}.
     */
    record EventDocument(
            @NotNull(message = "is required (a time within the measured window, e.g. 10s)") @Within(max = "10m") Duration at,
            @Pattern(regexp = REPLICA, message = "must name a replica such as service-webflux-1") String kill,
            @Pattern(regexp = "(mvc|virtual|webflux)=[1-8]", message = "must be variant=replicas such as webflux=4 (replicas 1..8)")
            String scale,
            @Valid SlowDocument slow) {
    }

    /** The replica a slow event slows and the extra wait it gets on every request. */
    record SlowDocument(
            @NotNull(message = "is required (a replica such as service-mvc-2)")
            @Pattern(regexp = REPLICA, message = "must name a replica such as service-mvc-2") String replica,
            @NotNull(message = "is required (a duration within 0s..10s; 0s ends an earlier slowdown)") @Within(max = "10s")
            Duration io) {
    }

    /** Relative weights of the endpoints; see {@link Scenario.Mix}. */
    record Mix(
            @Range(max = 100, message = WHOLE_NUMBER) Integer work,
            @Range(max = 100, message = WHOLE_NUMBER) Integer products,
            @Range(max = 100, message = WHOLE_NUMBER) Integer recommendations) {
    }

    /** Which ids requests name; see {@link Scenario.Keys}. */
    record Keys(
            @Range(min = 1, max = ScenarioFile.MAX_KEYS, message = WHOLE_NUMBER) Integer space,
            Scenario.Distribution distribution,
            @DecimalMin(value = "0.1", message = "must be a number within 0.1..5.0")
            @DecimalMax(value = "5.0", message = "must be a number within 0.1..5.0") Double skew) {
    }
}
