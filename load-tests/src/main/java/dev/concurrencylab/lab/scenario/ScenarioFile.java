package dev.concurrencylab.lab.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

import dev.concurrencylab.lab.Quantities;

/**
 * Reads and checks {@code load-tests/scenarios/<name>.yaml}: Jackson binds the file to
 * {@link ScenarioDocument} (an unknown field is an error: a typo must not silently fall back to a
 * default), Bean Validation checks every bound, and anything wrong stops with one line naming the
 * file, the field and what is allowed.
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

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("lab-quantities").addDeserializer(Duration.class, new QuantityDeserializers.Durations()))
            .build();

    /** Messages from the constraints' own text only: no expression language needed at run time. */
    private static final ValidatorFactory VALIDATION = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();

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
        ScenarioDocument document = bind(file);
        validate(file, document);
        return scenario(file, document);
    }

    private static ScenarioDocument bind(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioException(file, "file", "cannot be read: " + e.getMessage());
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JacksonException notYaml) {
            throw new ScenarioException(file, "file", "is not readable YAML: " + firstLine(notYaml.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw notAMapping(file);
        }
        try {
            return YAML.treeToValue(tree, ScenarioDocument.class);
        } catch (UnrecognizedPropertyException unknown) {
            throw new ScenarioException(file, field(unknown), "is not a field here; allowed: " + unknown.getKnownPropertyIds()
                    .stream().map(Object::toString).collect(Collectors.joining(", ")));
        } catch (MismatchedInputException mismatch) {
            String message = mismatch.getOriginalMessage();
            throw new ScenarioException(file, field(mismatch), message.startsWith("must be ") ? message
                    : "must be %s, was %s".formatted(expected(mismatch.getTargetType()), valueAt(tree, mismatch)));
        } catch (DatabindException other) {
            throw new ScenarioException(file, field(other), "cannot be read: " + firstLine(other.getOriginalMessage()));
        }
    }

    /** What the file holds where binding failed, as written ({@code 'zipfian'}, {@code [10, 20]}). */
    private static String valueAt(JsonNode tree, DatabindException failure) {
        JsonNode node = tree;
        for (JacksonException.Reference reference : failure.getPath()) {
            node = reference.getPropertyName() != null ? node.path(reference.getPropertyName()) : node.path(reference.getIndex());
        }
        return node.isValueNode() ? "'" + node.asString() + "'" : node.toString();
    }

    private static void validate(Path file, ScenarioDocument document) {
        Validator validator = VALIDATION.getValidator();
        validator.validate(document).stream()
                .min(Comparator.comparing((ConstraintViolation<ScenarioDocument> violation) -> violation.getPropertyPath().toString()))
                .ifPresent(violation -> {
                    Object value = violation.getInvalidValue();
                    String was = value == null ? "" : ", was " + (value instanceof Duration duration
                            ? "'" + Quantities.format(duration) + "'" : value);
                    throw new ScenarioException(file, "field '" + asWritten(violation.getPropertyPath().toString()) + "'",
                            violation.getMessage() + was);
                });
        if ((document.users() == null) == (document.rate() == null)) {
            throw new ScenarioException(file, document.users() == null ? "field 'users/rate'" : "field 'users'",
                    "— give exactly one: users (simultaneous users, closed model) or rate (requests per second, open model)");
        }
        ScenarioDocument.Mix mix = document.mix();
        if (mix == null || weight(mix.work()) + weight(mix.products()) + weight(mix.recommendations()) == 0) {
            throw new ScenarioException(file, "field 'mix'",
                    "needs at least one positive weight among work, products, recommendations (each 0..100)");
        }
        ScenarioDocument.DoneRight doneRight = document.doneRight();
        if (doneRight != null && doneRight.ioMode() == null && doneRight.cpuOn() == null && doneRight.downstreamPool() == null) {
            throw new ScenarioException(file, "field 'done-right'", "needs what the twin done right changes: io-mode, "
                    + "cpu-on, downstream-pool (one or more)");
        }
        List<ScenarioDocument.EventDocument> events = Objects.requireNonNullElse(document.events(), List.of());
        for (int i = 0; i < events.size(); i++) {
            ScenarioDocument.EventDocument event = events.get(i);
            String field = "events[" + i + "]";
            if (Stream.of(event.kill(), event.scale(), event.slow()).filter(Objects::nonNull).count() != 1) {
                throw new ScenarioException(file, "field '" + field + "'", "— give exactly one of kill (a replica, e.g. "
                        + "service-webflux-1), scale (variant=replicas, e.g. webflux=4) and slow ({replica: service-mvc-2, "
                        + "io: 500ms}) beside at");
            }
            if (event.at().compareTo(document.duration()) >= 0) {
                throw new ScenarioException(file, "field '" + field + ".at'", "must be within the measured window 0s..%s, was '%s'"
                        .formatted(Quantities.format(document.duration()), Quantities.format(event.at())));
            }
        }
    }

    /** A validated property's path as the file writes it: {@code doneRight.downstreamPool} is {@code done-right.downstream-pool}. */
    private static String asWritten(String propertyPath) {
        return propertyPath.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The document with the defaults for what it leaves out. */
    private static Scenario scenario(Path file, ScenarioDocument document) {
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        ScenarioDocument.Request request = Objects.requireNonNullElse(document.request(),
                new ScenarioDocument.Request(null, null, null, null, null));
        Scenario.RequestShape shape = new Scenario.RequestShape(orElse(request.io(), Duration.ZERO),
                Objects.requireNonNullElse(request.ioMode(), Scenario.IoMode.SLEEP),
                orElse(request.cpu(), Duration.ZERO), Objects.requireNonNullElse(request.bytes(), 0L).intValue(),
                Objects.requireNonNullElse(request.cpuOn(), Scenario.CpuOn.REQUEST));
        ScenarioDocument.Mix mix = document.mix();
        ScenarioDocument.Keys keys = Objects.requireNonNullElse(document.keys(), new ScenarioDocument.Keys(null, null, null));
        return new Scenario(name, Objects.requireNonNullElse(document.description(), name),
                new Scenario.Load(document.users(), orElse(document.think(), Duration.ZERO),
                        document.rate() == null ? null : document.rate().doubleValue(),
                        Objects.requireNonNullElse(document.connections(), 512)),
                document.duration(), orElse(document.warmup(), Duration.ofSeconds(5)),
                shape,
                new Scenario.Mix(weight(mix.work()), weight(mix.products()), weight(mix.recommendations())),
                new Scenario.Keys(Objects.requireNonNullElse(keys.space(), MAX_KEYS),
                        Objects.requireNonNullElse(keys.distribution(), Scenario.Distribution.UNIFORM),
                        Objects.requireNonNullElse(keys.skew(), 1.0)),
                document.downstreamPool(),
                document.doneRight() == null ? null
                        : new Scenario.DoneRight(document.doneRight().ioMode(), document.doneRight().cpuOn(),
                                document.doneRight().downstreamPool()),
                Objects.requireNonNullElse(document.events(), List.<ScenarioDocument.EventDocument>of()).stream()
                        .map(ScenarioFile::event).sorted(Comparator.comparing(Event::at)).toList());
    }

    private static Event event(ScenarioDocument.EventDocument event) {
        if (event.kill() != null) {
            return new Event.Kill(event.at(), event.kill());
        }
        if (event.slow() != null) {
            return new Event.Slow(event.at(), event.slow().replica(), event.slow().io());
        }
        String[] scale = event.scale().split("=");
        return new Event.Scale(event.at(), scale[0], Integer.parseInt(scale[1]));
    }

    private static Duration orElse(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    private static int weight(Integer weight) {
        return weight == null ? 0 : weight;
    }

    private static ScenarioException notAMapping(Path file) {
        return new ScenarioException(file, "file", "must be a YAML mapping of fields (description, users or rate, ...)");
    }

    /** {@code field 'request.io'}: the path Jackson was at. */
    private static String field(DatabindException failure) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : failure.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "file" : "field '" + path + "'";
    }

    private static String expected(Class<?> type) {
        if (type != null && type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(constant -> ((Enum<?>) constant).name()
                    .toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        return type == null ? "something else" : "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
