package dev.concurrencylab.lab.calibrate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

import dev.concurrencylab.lab.topology.Actuator;
import dev.concurrencylab.lab.topology.LabException;
import dev.concurrencylab.lab.topology.LabProcess;
import dev.concurrencylab.lab.topology.ResidentMemory;
import dev.concurrencylab.launcher.JvmLauncher;

/**
 * Takes {@link MemorySnapshot}s of a local replica. The live heap needs a full collection first: the
 * heap in use between collections is mostly garbage, and Actuator offers no way to collect, so the
 * JDK's own {@code jcmd <pid> GC.run} does it (the lab and the replicas run on the same JDK).
 */
final class MemoryProbe {

    private static final long JCMD_TIMEOUT_SECONDS = 20;

    private final Actuator actuator;
    private final String jcmd = Path.of(JvmLauncher.currentJava()).resolveSibling("jcmd").toString();

    MemoryProbe(Actuator actuator) {
        this.actuator = actuator;
    }

    MemorySnapshot take(LabProcess replica) {
        collect(replica);
        return new MemorySnapshot(metric(replica, "jvm.memory.used?tag=area:heap"),
                ResidentMemory.of(replica.pid()).orElseThrow(() -> gone(replica)), inFlight(replica));
    }

    double inFlight(LabProcess replica) {
        return metric(replica, "lab.requests.inflight");
    }

    /** Requests in flight, or empty when the actuator did not answer in time (a busy replica may not). */
    OptionalDouble inFlightIfAnswered(LabProcess replica) {
        return actuator.metric(replica, "lab.requests.inflight");
    }

    private void collect(LabProcess replica) {
        try {
            Process gc = new ProcessBuilder(jcmd, String.valueOf(replica.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!gc.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS) || gc.exitValue() != 0) {
                gc.destroyForcibly();
                throw new LabException("jcmd %s GC.run did not succeed on %s; see %s".formatted(replica.pid(), replica.name(),
                        replica.log()));
            }
        } catch (IOException e) {
            throw new LabException("cannot run " + jcmd + " (" + e.getMessage() + "): the calibration needs the JDK's jcmd");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while collecting " + replica.name() + "'s heap");
        }
    }

    private double metric(LabProcess replica, String name) {
        OptionalDouble value = actuator.metric(replica, name);
        return value.orElseThrow(() -> new LabException("%s has no metric %s; see %s".formatted(replica.name(), name,
                replica.log())));
    }

    private static LabException gone(LabProcess replica) {
        return new LabException(replica.name() + " is not running any more; see " + replica.log());
    }
}
