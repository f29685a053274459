package dev.concurrencylab.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loopback ports for the processes one lab command starts: each a port nothing listens on now, and
 * never one this instance has handed out before. The lab launches its processes one after another
 * without waiting for them to bind, so "free now" alone gave two processes of one start the same
 * port once (a replica's traffic port was the gateway's management port: the gateway failed to
 * start and every request of the demo was refused).
 */
public final class Ports {

    /**
     * Below Linux's ephemeral range (32768..60999): a port the OS hands out for outgoing
     * connections could be taken by one of the lab's hundreds of client connections between this
     * check and the process binding it (seen: "Port 36999 was already in use").
     */
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_767;

    private final int lowest;
    private final int highest;
    private final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();
    /** Where handed-out ports are also written, for allocators in other processes; null when only this one counts. */
    private final Path record;

    public Ports() {
        this(LOWEST, HIGHEST, null);
    }

    Ports(int lowest, int highest, Path record) {
        this.lowest = lowest;
        this.highest = highest;
        this.record = record;
    }

    /**
     * Ports that one benchmark script's processes share through a file: each {@code ./lab launch}
     * or {@code free-port} of the script is a process of its own, and the file is what they all
     * have handed out (the script runs them one after another).
     */
    public static Ports recordedIn(Path record) {
        return new Ports(LOWEST, HIGHEST, record);
    }

    /**
     * A port nothing listens on now and not handed out before: the range is walked from a random
     * start, so concurrent lab commands rarely try the same ports first.
     */
    public int free() {
        handedOut.addAll(recorded());
        int size = highest - lowest + 1;
        int start = ThreadLocalRandom.current().nextInt(size);
        for (int step = 0; step < size; step++) {
            int port = lowest + (start + step) % size;
            if (handedOut.add(port)) {
                if (bindable(port)) {
                    write(port);
                    return port;
                }
                handedOut.remove(port);
            }
        }
        throw new UncheckedIOException(new IOException(
                "no free loopback port in %d..%d that this lab command has not used already".formatted(lowest, highest)));
    }

    /** Keeps a port that will be bound later (the gateway port a user chose) from being handed out. */
    public void reserve(int port) {
        handedOut.add(port);
        write(port);
    }

    private Set<Integer> recorded() {
        if (record == null || !Files.exists(record)) {
            return Set.of();
        }
        try (Stream<String> lines = Files.lines(record)) {
            return lines.map(String::trim).filter(line -> !line.isEmpty()).map(Integer::valueOf).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ports handed out so far from " + record, e);
        }
    }

    private void write(int port) {
        if (record == null) {
            return;
        }
        try {
            Files.writeString(record, port + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record port " + port + " in " + record, e);
        }
    }

    /** Whether something accepts connections on 127.0.0.1:port. */
    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
