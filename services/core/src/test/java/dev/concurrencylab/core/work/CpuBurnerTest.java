package dev.concurrencylab.core.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class CpuBurnerTest {

    private final CpuBurner burner = new CpuBurner();

    /**
     * A burn is an amount of work calibrated in CPU time, so the thread's CPU time must grow by a
     * good part of what was asked (a loose lower bound: no clock is involved, only work done).
     */
    @Test
    void burningSpendsCpuTimeOnTheCallingThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        burner.burn(Duration.ofMillis(1)); // waits for calibration, so it is not counted below
        long before = threads.getCurrentThreadCpuTime();

        burner.burn(Duration.ofMillis(100));

        long spent = threads.getCurrentThreadCpuTime() - before;
        assertThat(Duration.ofNanos(spent)).isGreaterThan(Duration.ofMillis(40));
    }

    @Test
    void burningWorksOnAVirtualThreadToo() throws InterruptedException {
        Thread virtual = Thread.ofVirtual().start(() -> burner.burn(Duration.ofMillis(5)));

        assertThat(virtual.join(Duration.ofSeconds(30))).isTrue();
    }
}
