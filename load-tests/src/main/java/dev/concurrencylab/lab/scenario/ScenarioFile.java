package dev.concurrencylab.lab.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.concurrencylab.lab.Quantities;

/**
 * Reads and checks {@code load-tests/scenarios/<name>.yaml}. Every field is bounded; anything
 * wrong stops with one line naming the file, the field and what is allowed, and an unknown field
 * is an error too (a typo must not silently fall back to a default).
 *
 * <pre>
 * description: More simultaneous users than MVC has threads, each request waiting 500 ms on I/O.
 * users: 600            # closed model: simultaneous users ... or
 * # rate: 1000          # open model: requests per second (exactly one of users / rate)
 * think: 0ms            # closed model: pause between a user's requests
 * connections: 512      # open model: connections at most
 * duration: 20s
 * warmup: 5s
 * request: {io: 500ms, io-mode: sleep, cpu: 0ms, bytes: 1KB}
 * mix: {work: 100, products: 0, recommendations: 0}
 * keys: {space: 100000, distribution: uniform, skew: 1.0}
 * </pre>
 */
public final class ScenarioFile {

    /** Where the standard scenarios are, from the repository root. */
    public static final String STANDARD_FOLDER = "load-tests/scenarios";

    /** Product and user ids the services know by default (their catalog is 1..100000). */
    public static final int MAX_KEYS = 100_000;

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ScenarioFile() {
    }

    /** Every {@code *.yaml} in a folder, by name. */
    public static List<Scenario> readAll(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted()
                    .map(ScenarioFile::read).toList();
        } catch (IOException e) {
            throw new ScenarioException(folder, "folder", "cannot be read: " + e.getMessage());
        }
    }

    /** A scenario by name (a file in {@code folder}) or by path to a YAML file. */
    public static Scenario find(String nameOrPath, Path folder) {
        Path asPath = Path.of(nameOrPath);
        if (nameOrPath.endsWith(".yaml") && Files.isRegularFile(asPath)) {
            return read(asPath);
        }
        Path named = folder.resolve(nameOrPath + ".yaml");
        if (!Files.isRegularFile(named)) {
            List<String> known = readAll(folder).stream().map(Scenario::name).toList();
            throw new ScenarioException(named, "scenario", "does not exist; known scenarios: " + String.join(", ", known)
                    + " (or give the path of a .yaml file)");
        }
        return read(named);
    }

    public static Scenario read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new ScenarioException(file, "file", "is not readable YAML: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException(file, "file", "must be a YAML mapping of fields (description, users or rate, ...)");
        }
        Fields top = new Fields(file, "", root);
        top.allowOnly("description", "users", "rate", "think", "connections", "duration", "warmup", "request", "mix", "keys");
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        return new Scenario(name, top.text("description", name), load(top), top.duration("duration", null, Duration.ofSeconds(1),
                Duration.ofMinutes(10)), top.duration("warmup", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(2)),
                request(top.object("request")), mix(top.object("mix")), keys(top.object("keys")));
    }

    private static Scenario.Load load(Fields top) {
        boolean users = top.has("users");
        if (users == top.has("rate")) {
            top.fail(users ? "users" : "users/rate",
                    "— give exactly one: users (simultaneous users, closed model) or rate (requests per second, open model)");
        }
        return new Scenario.Load(users ? (int) top.integer("users", 0, 1, 20_000) : null,
                top.duration("think", Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)),
                users ? null : (double) top.integer("rate", 0, 1, 50_000),
                (int) top.integer("connections", 512, 1, 10_000));
    }

    private static Scenario.RequestShape request(Fields request) {
        request.allowOnly("io", "io-mode", "cpu", "bytes");
        return new Scenario.RequestShape(request.duration("io", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10)),
                request.choice("io-mode", "sleep", "sleep", "downstream"),
                request.duration("cpu", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(2)),
                (int) request.size("bytes", 0, 1024 * 1024));
    }

    private static Scenario.Mix mix(Fields mix) {
        mix.allowOnly("work", "products", "recommendations");
        Scenario.Mix weights = new Scenario.Mix((int) mix.integer("work", 0, 0, 100),
                (int) mix.integer("products", 0, 0, 100), (int) mix.integer("recommendations", 0, 0, 100));
        if (weights.total() == 0) {
            mix.fail("", "needs at least one positive weight among work, products, recommendations (each 0..100)");
        }
        return weights;
    }

    private static Scenario.Keys keys(Fields keys) {
        keys.allowOnly("space", "distribution", "skew");
        String distribution = keys.choice("distribution", "uniform", "uniform", "zipf", "unique");
        return new Scenario.Keys((int) keys.integer("space", MAX_KEYS, 1, MAX_KEYS),
                Scenario.Distribution.valueOf(distribution.toUpperCase(Locale.ROOT)),
                keys.decimal("skew", 1.0, 0.1, 5.0));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Typed, bounded reads of one YAML mapping; every failure names file and field. */
    private record Fields(Path file, String prefix, JsonNode node) {

        void allowOnly(String... names) {
            Set<String> allowed = Set.of(names);
            List<String> unknown = new ArrayList<>();
            node.propertyNames().forEach(name -> {
                if (!allowed.contains(name)) {
                    unknown.add(name);
                }
            });
            if (!unknown.isEmpty()) {
                fail(unknown.getFirst(), "is not a field here; allowed: " + String.join(", ", Arrays.asList(names)));
            }
        }

        boolean has(String name) {
            return node.has(name) && !node.get(name).isNull();
        }

        Fields object(String name) {
            JsonNode child = node.get(name);
            if (child != null && !child.isNull() && !child.isObject()) {
                fail(name, "must be a mapping of fields");
            }
            return new Fields(file, prefix + name + ".", child == null || child.isNull() ? YAML.createObjectNode() : child);
        }

        String text(String name, String fallback) {
            return has(name) ? node.get(name).asString() : fallback;
        }

        long integer(String name, long fallback, long min, long max) {
            if (!has(name)) {
                return fallback;
            }
            JsonNode value = node.get(name);
            if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
                fail(name, "must be a whole number within %d..%d, was %s".formatted(min, max, value));
            }
            return value.asLong();
        }

        double decimal(String name, double fallback, double min, double max) {
            if (!has(name)) {
                return fallback;
            }
            JsonNode value = node.get(name);
            if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
                fail(name, "must be a number within %s..%s, was %s".formatted(min, max, value));
            }
            return value.asDouble();
        }

        Duration duration(String name, Duration fallback, Duration min, Duration max) {
            if (!has(name)) {
                if (fallback == null) {
                    fail(name, "is required (a duration within %s..%s)".formatted(Quantities.format(min), Quantities.format(max)));
                }
                return fallback;
            }
            String raw = node.get(name).asString();
            Duration value = Quantities.duration(raw).orElse(null);
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                fail(name, "must be a duration such as 250us, 500ms, 10s or 2m within %s..%s, was '%s'"
                        .formatted(Quantities.format(min), Quantities.format(max), raw));
            }
            return value;
        }

        long size(String name, long min, long max) {
            if (!has(name)) {
                return min;
            }
            String raw = node.get(name).asString();
            Long value = Quantities.bytes(raw).orElse(null);
            if (value == null || value < min || value > max) {
                fail(name, "must be a size such as 512, 4KB or 1MB within %d..%d bytes, was '%s'".formatted(min, max, raw));
            }
            return value;
        }

        String choice(String name, String fallback, String... allowed) {
            if (!has(name)) {
                return fallback;
            }
            String value = node.get(name).asString();
            if (!Arrays.asList(allowed).contains(value)) {
                fail(name, "must be one of %s, was '%s'".formatted(String.join(", ", allowed), value));
            }
            return value;
        }

        void fail(String name, String problem) {
            String field = (prefix + name).replaceFirst("\\.$", "");
            throw new ScenarioException(file, field.isEmpty() ? "file" : "field '" + field + "'", problem);
        }
    }
}
