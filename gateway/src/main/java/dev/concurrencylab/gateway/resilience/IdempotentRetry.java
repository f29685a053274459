package dev.concurrencylab.gateway.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.HttpMethod;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.config.GatewayProperties;
import dev.concurrencylab.gateway.proxy.AttemptTimeoutException;
import dev.concurrencylab.gateway.proxy.ProxyExchange;
import dev.concurrencylab.gateway.proxy.Upstream;
import dev.concurrencylab.gateway.proxy.UpstreamResponse;
import dev.concurrencylab.gateway.support.Failures;

/**
 * Retries a request on another replica, only when that is safe and useful:
 * <ul>
 * <li>only GET and HEAD without a body (idempotent by RFC 9110; a POST is never sent twice);</li>
 * <li>only after a transport failure (refused or broken connection), an attempt that timed out,
 * or a 502/503 answer (which is dropped unread);</li>
 * <li>only while the request has an untried replica (the balancer excludes tried ones);</li>
 * <li>after a jittered, exponentially growing backoff, and only within the route's
 * {@link RetryBudget}.</li>
 * </ul>
 * Why by hand: Resilience4j's Retry has no budget shared across requests and knows nothing of
 * replicas.
 */
public final class IdempotentRetry implements Upstream {

    private final Upstream attempts;
    private final GatewayProperties.Retry settings;
    private final RetryBudget budget;
    private final Counter retried;
    private final Counter denied;

    public IdempotentRetry(Upstream attempts, GatewayProperties.Retry settings, RetryBudget budget, Counter retried,
            Counter denied) {
        this.attempts = attempts;
        this.settings = settings;
        this.budget = budget;
        this.retried = retried;
        this.denied = denied;
    }

    @Override
    public Mono<UpstreamResponse> exchange(ProxyExchange exchange) {
        budget.deposit();
        HttpMethod method = exchange.method();
        if (settings.attempts() == 0 || exchange.hasBody() || !(method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD))) {
            return attempts.exchange(exchange);
        }
        return attempt(exchange, 1);
    }

    /**
     * One attempt, and the decision about a retry once it is over. Only this attempt's own
     * outcome is looked at: a later attempt's failure can never be taken for this one's and earn
     * a retry the attempt limit does not allow.
     */
    private Mono<UpstreamResponse> attempt(ProxyExchange exchange, int attempt) {
        return attempts.exchange(exchange)
                .onErrorResume(failure -> retryable(failure) && mayRetry(exchange, attempt),
                        failure -> retry(exchange, attempt))
                .flatMap(response -> (response.status() == 502 || response.status() == 503) && mayRetry(exchange, attempt)
                        ? discardAndRetry(response, exchange, attempt)
                        : Mono.just(response));
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof AttemptTimeoutException || Failures.isTransportFailure(failure);
    }

    private Mono<UpstreamResponse> discardAndRetry(UpstreamResponse response, ProxyExchange exchange, int attempt) {
        response.discard();
        return retry(exchange, attempt);
    }

    private Mono<UpstreamResponse> retry(ProxyExchange exchange, int attempt) {
        retried.increment();
        return Mono.delay(backoff(attempt)).then(Mono.defer(() -> attempt(exchange, attempt + 1)));
    }

    private boolean mayRetry(ProxyExchange exchange, int attempt) {
        if (attempt > settings.attempts() || exchange.untriedLeft() < 1) {
            return false;
        }
        if (!budget.tryWithdraw()) {
            denied.increment();
            return false;
        }
        return true;
    }

    /** first-backoff x 2^(attempt-1), at most max-backoff, then +/- jitter x itself at random. */
    private Duration backoff(int attempt) {
        long base = Math.min(settings.maxBackoff().toNanos(),
                settings.firstBackoff().toNanos() << Math.min(attempt - 1, 20));
        long spread = (long) (base * settings.jitter());
        long jittered = base - spread + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * spread + 1));
        return Duration.ofNanos(Math.max(0, jittered));
    }
}
