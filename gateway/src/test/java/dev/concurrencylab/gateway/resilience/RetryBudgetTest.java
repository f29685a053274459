package dev.concurrencylab.gateway.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The retry budget against a clock the test moves: a share of recent requests, plus a few a second. */
class RetryBudgetTest {

    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);

    private static long allowed(RetryBudget budget, int tries) {
        return IntStream.range(0, tries).filter(i -> budget.tryWithdraw()).count();
    }

    @Test
    void retriesAreAShareOfTheRequestsOfTheLastTenSeconds() {
        RetryBudget budget = new RetryBudget(0.2, 0, now::get);
        for (int i = 0; i < 50; i++) {
            budget.deposit();
        }

        assertThat(allowed(budget, 20)).isEqualTo(10);
    }

    @Test
    void requestsOfLongAgoEarnNoRetries() {
        RetryBudget budget = new RetryBudget(0.2, 0, now::get);
        for (int second = 0; second < 600; second++) {
            for (int i = 0; i < 50; i++) {
                budget.deposit();
            }
            now.addAndGet(1000);
        }
        now.addAndGet(10_000);

        assertThat(allowed(budget, 10)).as("ten busy minutes that ended ten seconds ago leave nothing").isZero();
    }

    @Test
    void aQuietRouteStillHasItsFreeRetriesEverySecond() {
        RetryBudget budget = new RetryBudget(0.2, 3, now::get);

        assertThat(allowed(budget, 10)).isEqualTo(3);
        now.addAndGet(1000);
        assertThat(allowed(budget, 10)).isEqualTo(3);
    }
}
