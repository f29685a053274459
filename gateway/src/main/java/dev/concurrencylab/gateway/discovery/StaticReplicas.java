package dev.concurrencylab.gateway.discovery;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * Static replica lists: {@code lab.gateway.discovery.replicas.<service>}, replaced per service by
 * the lists of {@code replicas-file} when one is set. The file is read at start, checked for a
 * change every second, and re-read at once on {@link #reload()} (the lab harness rewrites it when
 * it scales a variant and then calls {@code POST /actuator/labreplicas}). A file that cannot be
 * read or holds a bad URL keeps the lists in use and says why in the log.
 */
public final class StaticReplicas implements ReplicaDirectory, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StaticReplicas.class);
    private static final Duration FILE_CHECK = Duration.ofSeconds(1);

    private final Map<String, List<Replica>> configured;
    private final Path file;
    private final List<BiConsumer<String, List<Replica>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, List<Replica>> current;
    private volatile FileTime fileVersion;
    private final Disposable watcher;

    public StaticReplicas(GatewayProperties.Discovery discovery) {
        this.configured = parse(discovery.replicas(), "lab.gateway.discovery.replicas");
        this.file = discovery.replicasFile();
        this.current = configured;
        if (file != null) {
            reload();
            this.watcher = Flux.interval(FILE_CHECK, Schedulers.boundedElastic())
                    .onBackpressureDrop()
                    .subscribe(tick -> reloadIfChanged());
        } else {
            this.watcher = null;
        }
    }

    @Override
    public Mono<List<Replica>> replicas(String service) {
        List<Replica> replicas = current.get(service);
        return Mono.just(replicas == null ? List.of() : replicas);
    }

    @Override
    public void onChange(BiConsumer<String, List<Replica>> listener) {
        listeners.add(listener);
    }

    /** The lists in use, by service. */
    public Map<String, List<Replica>> current() {
        return current;
    }

    public Path file() {
        return file;
    }

    private void reloadIfChanged() {
        try {
            FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            if (!Objects.equals(modified, fileVersion)) {
                reload();
            }
        } catch (IOException | RuntimeException unreadable) {
            log.warn("cannot check the replicas file {}: {}", file, unreadable.toString());
        }
    }

    /** Reads the replicas file again (no file configured: keeps the configured lists). */
    public synchronized void reload() {
        if (file == null) {
            return;
        }
        Map<String, List<Replica>> next = new LinkedHashMap<>(configured);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            Map<String, List<URI>> lists = new LinkedHashMap<>();
            for (String service : properties.stringPropertyNames()) {
                List<URI> uris = new ArrayList<>();
                for (String uri : properties.getProperty(service).split(",")) {
                    if (!uri.isBlank()) {
                        uris.add(URI.create(uri.trim()));
                    }
                }
                lists.put(service, uris);
            }
            next.putAll(parse(lists, file.toString()));
            fileVersion = modified;
        } catch (NoSuchFileException absent) {
            fileVersion = null;
        } catch (IOException | IllegalArgumentException invalid) {
            log.warn("replicas file {} not taken, keeping the lists in use: {}", file, invalid.toString());
            return;
        }
        update(Map.copyOf(next));
    }

    private void update(Map<String, List<Replica>> next) {
        Map<String, List<Replica>> previous = current;
        current = next;
        for (String service : union(previous, next)) {
            List<Replica> now = next.getOrDefault(service, List.of());
            if (!now.equals(previous.getOrDefault(service, List.of()))) {
                log.info("{} replicas (static): {}", service, now.stream().map(Replica::id).toList());
                listeners.forEach(listener -> listener.accept(service, now));
            }
        }
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> services = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(service -> !a.containsKey(service)).forEach(services::add);
        return services;
    }

    private static Map<String, List<Replica>> parse(Map<String, List<URI>> lists, String source) {
        Map<String, List<Replica>> replicas = new LinkedHashMap<>();
        lists.forEach((service, uris) -> replicas.put(service, uris.stream().map(uri -> {
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException(source + "." + service
                        + " must list replica URLs such as http://10.0.0.5:8080, was " + uri);
            }
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            return Replica.of(service, host, uri.getPort());
        }).distinct().toList()));
        return Map.copyOf(replicas);
    }

    @Override
    public void destroy() {
        if (watcher != null) {
            watcher.dispose();
        }
    }
}
