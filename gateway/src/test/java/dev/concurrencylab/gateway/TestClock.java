package dev.concurrencylab.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Time the test moves: the gateway's cache and the test origin's {@code Date} header both read it,
 * so ages and freshness are exact and no test waits for time to pass. Starts on a whole second
 * (HTTP dates have second precision) and moves in whole seconds.
 */
final class TestClock extends Clock {

    /** The clock of every gateway a cache test starts ({@code @Import(TestClock.GatewayClock.class)}). */
    static final TestClock SHARED = new TestClock();

    /** Makes {@link #SHARED} the gateway's clock. */
    @TestConfiguration
    static class GatewayClock {
        @Bean
        TestClock testClock() {
            return SHARED;
        }
    }

    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis() / 1000 * 1000);

    void advance(Duration by) {
        millis.addAndGet(by.toSeconds() * 1000);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
