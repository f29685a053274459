package dev.concurrencylab.lab.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports: a free one from the OS, or whether a given one is taken. */
public final class Ports {

    private Ports() {
    }

    /**
     * Below Linux's ephemeral range (32768..60999): a port the OS hands out for outgoing
     * connections could be taken by one of the lab's hundreds of client connections between this
     * check and the process binding it (seen: "Port 36999 was already in use").
     */
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_767;

    /** A port nothing listens on now, chosen at random below the ephemeral range. */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST + 1);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port in %d..%d".formatted(LOWEST, HIGHEST)));
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
}
