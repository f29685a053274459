package dev.concurrencylab.lab.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;

import dev.concurrencylab.lab.topology.LabException;

/**
 * One compose project on the Docker engine, found by the labels compose puts on its containers.
 * Containers are killed, inspected and exec'd through the Docker API (docker-java); a service is
 * scaled with the compose CLI, because the engine has no notion of a service's scale (compose
 * counts a service's containers by their labels and makes or removes them itself).
 */
final class ComposeProject implements AutoCloseable {

    static final String PROJECT_LABEL = "com.docker.compose.project";
    static final String SERVICE_LABEL = "com.docker.compose.service";
    private static final String NUMBER_LABEL = "com.docker.compose.container-number";
    private static final String CONFIG_FILES_LABEL = "com.docker.compose.project.config_files";
    private static final String WORKING_DIR_LABEL = "com.docker.compose.project.working_dir";
    private static final String CONFIG_HASH_LABEL = "com.docker.compose.config-hash";
    /** A scale waits for new replicas to be healthy; a replica at 0.5 CPU starts in well under this. */
    private static final Duration COMPOSE_TIMEOUT = Duration.ofMinutes(3);

    private final DockerClient docker;
    private final String name;

    private ComposeProject(DockerClient docker, String name) {
        this.docker = docker;
        this.name = name;
    }

    /** The project, if the engine answers and runs a container of it. */
    static ComposeProject open(String name) {
        ComposeProject project = new ComposeProject(DockerEngine.connect(), name);
        try {
            if (project.containers(true).isEmpty()) {
                throw new LabException(("--docker: no container of compose project '%s'; start it (docker compose up) "
                        + "or name its project: --docker=<project>").formatted(name));
            }
        } catch (RuntimeException unusable) {
            project.close();
            throw unusable instanceof LabException lab ? lab : new LabException("--docker: the Docker engine at %s did not "
                    + "answer (%s)".formatted(DockerEngine.host(), unusable.getMessage()));
        }
        return project;
    }

    /** A compose service's running containers, by compose's container number (service-webflux-1 first). */
    List<Container> running(String service) {
        return docker.listContainersCmd().withLabelFilter(Map.of(PROJECT_LABEL, name, SERVICE_LABEL, service)).exec().stream()
                .sorted(Comparator.comparingInt(ComposeProject::number)).toList();
    }

    /** Every running container of the project. */
    List<Container> running() {
        return containers(false);
    }

    private List<Container> containers(boolean stoppedToo) {
        return docker.listContainersCmd().withShowAll(stoppedToo).withLabelFilter(Map.of(PROJECT_LABEL, name)).exec();
    }

    /** The container now, or nothing when it was removed (a scale down). */
    Optional<InspectContainerResponse> inspect(String id) {
        try {
            return Optional.of(docker.inspectContainerCmd(id).exec());
        } catch (NotFoundException removed) {
            return Optional.empty();
        }
    }

    /** SIGKILL, as a crash: Docker does not restart a container it killed on request, whatever its restart policy. */
    void kill(Container container) {
        docker.killContainerCmd(container.getId()).withSignal("KILL").exec();
    }

    /** The last lines the container wrote (stdout and stderr). */
    String logTail(String id, int lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(lines).exec(collectingInto(out))
                    .awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NotFoundException removed) {
            return "(the container was removed)";
        }
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }

    /** What a container's stream (its log, an exec) writes, stdout and stderr alike, into {@code out}. */
    private static ResultCallback.Adapter<Frame> collectingInto(ByteArrayOutputStream out) {
        return new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                out.writeBytes(frame.getPayload());
            }
        };
    }

    /** A request to the container's management port from inside it ({@link InsideRequest}); returns the status. */
    int management(Container container, String method, String path, String jsonBody) {
        String exec = docker.execCreateCmd(container.getId()).withAttachStdout(true).withAttachStderr(true)
                .withCmd(InsideRequest.command(method, path, jsonBody).toArray(String[]::new)).exec().getId();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            docker.execStartCmd(exec).exec(collectingInto(out)).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while asking " + containerName(container));
        }
        return InsideRequest.status(out.toString(StandardCharsets.UTF_8), containerName(container), method, path);
    }

    /**
     * {@code docker compose up --scale}: the service gets {@code replicas} containers, the ones it
     * has keep running as they are (no recreate), stopped ones start again, and the command returns
     * once all are healthy. The compose files and folder are the project's own, read from its labels.
     */
    void scale(String service, int replicas) {
        compose(service, List.of("up", "--detach", "--no-deps", "--no-recreate", "--no-build", "--wait",
                "--scale", service + "=" + replicas, service), "scale " + service);
    }

    /**
     * Why new containers of the service would not be made like its running ones, if they would not:
     * compose makes them from the files and the environment of the command that scales, so a
     * project brought up with other settings (LAB_REPLICA_CPUS=1) would get replicas unlike the
     * others. Compared by compose's own configuration hash, which it puts on every container.
     */
    Optional<String> configurationDrift(String service) {
        List<String> hashes = running(service).stream().map(container -> container.getLabels().get(CONFIG_HASH_LABEL))
                .distinct().toList();
        String output = compose(service, List.of("config", "--hash", service), "read the configuration of " + service);
        String wouldMake = output.lines().filter(line -> line.startsWith(service + " ")).findFirst()
                .map(line -> line.substring(service.length() + 1).strip()).orElse("");
        if (hashes.size() == 1 && hashes.getFirst() != null && hashes.getFirst().equals(wouldMake)) {
            return Optional.empty();
        }
        return Optional.of(("compose would make new %s containers from another configuration than the running ones "
                + "(its configuration hash from here is not theirs): run the bench with the environment and files the "
                + "project was brought up with (LAB_REPLICA_CPUS, LAB_REPLICA_MEMORY, ... as for docker compose up)")
                .formatted(service));
    }

    /** Runs the compose CLI on this project; returns what it printed on standard output. */
    private String compose(String service, List<String> arguments, String what) {
        List<String> command = new ArrayList<>(composeCommand(service));
        command.addAll(arguments);
        return ExternalCommand.run("docker compose", command, COMPOSE_TIMEOUT, what);
    }

    /** {@code docker compose -p <project> --project-directory <folder> -f <file>...}, from a container of the service. */
    private List<String> composeCommand(String service) {
        Container any = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT_LABEL, name, SERVICE_LABEL, service)).exec().stream().findFirst()
                .orElseThrow(() -> new LabException("compose project %s has no container of %s to scale from"
                        .formatted(name, service)));
        Map<String, String> labels = any.getLabels();
        List<String> command = new ArrayList<>(List.of("docker", "compose", "--project-name", name));
        if (labels.containsKey(WORKING_DIR_LABEL)) {
            command.addAll(List.of("--project-directory", labels.get(WORKING_DIR_LABEL)));
        }
        for (String file : Arrays.stream(labels.getOrDefault(CONFIG_FILES_LABEL, "").split(",")).filter(f -> !f.isBlank())
                .toList()) {
            command.addAll(List.of("--file", file));
        }
        return command;
    }

    static String containerName(Container container) {
        return container.getNames().length > 0 ? container.getNames()[0].replaceFirst("^/", "") : container.getId();
    }

    private static int number(Container container) {
        String number = container.getLabels().get(NUMBER_LABEL);
        return number == null || !number.matches("\\d{1,9}") ? Integer.MAX_VALUE : Integer.parseInt(number);
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException alreadyClosed) {
            // nothing left to release
        }
    }
}
