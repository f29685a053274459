package dev.concurrencylab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {

    @Test
    @DisplayName("one lab command never gives two processes the same port, though none has bound it yet")
    void everyPortOfTheRangeIsHandedOutOnce() {
        Ports ports = new Ports(21_000, 21_019, null);
        List<Integer> handedOut = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            handedOut.add(ports.free());
        }

        assertThat(handedOut).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(21_000, 21_019).boxed().toList());
        assertThatThrownBy(ports::free).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no free loopback port in 21000..21019");
    }

    @Test
    @DisplayName("a reserved port (the gateway port a user chose) is never handed out to another process")
    void aReservedPortIsNotHandedOut() {
        Ports ports = new Ports(21_100, 21_101, null);
        ports.reserve(21_100);

        assertThat(ports.free()).isEqualTo(21_101);
        assertThatThrownBy(ports::free).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    @DisplayName("allocators in separate processes that share a record file (a benchmark script's) never repeat a port")
    void allocatorsSharingARecordNeverRepeatAPort(@TempDir Path folder) {
        Path record = folder.resolve("ports");
        List<Integer> handedOut = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            handedOut.add(new Ports(21_200, 21_209, record).free());
        }

        assertThat(handedOut).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(21_200, 21_209).boxed().toList());
        assertThatThrownBy(() -> new Ports(21_200, 21_209, record).free()).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    @DisplayName("a port another program listens on is never handed out")
    void aListenedPortIsNotFree() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int taken = other.getLocalPort();

            assertThat(Ports.isListening(taken)).isTrue();
            assertThatThrownBy(() -> new Ports(taken, taken, null).free()).isInstanceOf(UncheckedIOException.class);
        }
    }
}
