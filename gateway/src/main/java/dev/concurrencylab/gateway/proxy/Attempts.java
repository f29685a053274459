package dev.concurrencylab.gateway.proxy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.balancing.ReplicaBalancer;
import dev.concurrencylab.gateway.balancing.ReplicaLoad;
import dev.concurrencylab.gateway.discovery.Replica;
import dev.concurrencylab.gateway.discovery.ReplicaDirectory;
import dev.concurrencylab.gateway.routing.GatewayRoute;
import dev.concurrencylab.gateway.support.Failures;

/**
 * One attempt of a request on one replica, the innermost stage of a route: chooses a replica the
 * request has not tried (balanced routes; an origin route has its one), counts the request in
 * flight to it until the answer's body is over however it ends, sends it, and bounds the wait for
 * the answer's headers by the route's attempt timeout (when shorter than the route's). A replica that refuses the connection or
 * lets the attempt time out is ejected for a while, so the next requests go elsewhere.
 */
public final class Attempts implements Upstream {

    /** How long a replica that refused a connection or hung gets no new requests. */
    public static final Duration EJECTION = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(Attempts.class);

    private final GatewayRoute route;
    private final Replicas replicas;
    private final ReplicaBalancer balancer;
    private final ReplicaLoad load;
    private final UpstreamClient client;
    private final Duration attemptTimeout;

    /** The replicas an attempt chooses from. */
    @FunctionalInterface
    public interface Replicas {
        Mono<List<Replica>> get();

        /** The replicas of a balanced route's service, as discovery knows them now. */
        static Replicas of(ReplicaDirectory directory, String service) {
            return () -> directory.replicas(service);
        }

        /** An origin route's one upstream. */
        static Replicas origin(GatewayRoute route, java.net.URI uri) {
            List<Replica> origin = List.of(Replica.of(route.id(), uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()));
            Mono<List<Replica>> always = Mono.just(origin);
            return () -> always;
        }
    }

    public Attempts(GatewayRoute route, Replicas replicas, ReplicaBalancer balancer, ReplicaLoad load,
            UpstreamClient client) {
        this.route = route;
        this.replicas = replicas;
        this.balancer = balancer;
        this.load = load;
        this.client = client;
        // an attempt timeout as long as the route's would race it for nothing: only a shorter one counts
        Duration attempt = route.settings().attemptTimeout();
        this.attemptTimeout = attempt != null && attempt.compareTo(route.settings().timeout()) < 0 ? attempt : null;
    }

    @Override
    public Mono<UpstreamResponse> exchange(ProxyExchange exchange) {
        return replicas.get().flatMap(known -> {
            ReplicaBalancer.Choice choice = balancer.choose(known, exchange.tried());
            if (choice == null) {
                return Mono.error(new NoReplicaException(route.id(), serviceOf(known)));
            }
            return attempt(exchange, choice);
        });
    }

    private String serviceOf(List<Replica> known) {
        return route.target() instanceof GatewayRoute.Target.Service service ? service.name()
                : known.isEmpty() ? route.id() : known.getFirst().service();
    }

    private Mono<UpstreamResponse> attempt(ProxyExchange exchange, ReplicaBalancer.Choice choice) {
        Replica replica = choice.replica();
        exchange.tried(replica);
        exchange.untriedLeft(choice.untriedLeft());
        load.started(replica);
        long start = System.nanoTime();
        int[] status = {0};
        Once finished = new Once(() -> load.finished(replica, route.id(), status[0], System.nanoTime() - start));
        exchange.onEnd(finished);
        Mono<UpstreamResponse> sent = client.send(exchange, replica.baseUri(), replica.authority(), finished);
        if (attemptTimeout != null) {
            sent = sent.timeout(attemptTimeout,
                    Mono.error(() -> new AttemptTimeoutException(route.id(), replica.id(), attemptTimeout)),
                    exchange.loop().scheduler());
        }
        return sent
                .doOnNext(response -> {
                    status[0] = response.status();
                    if (route.target() instanceof GatewayRoute.Target.Service) {
                        exchange.servedBy(replica);
                    }
                })
                .doOnError(failure -> {
                    finished.run();
                    ejectIfDeadOrHung(replica, failure);
                });
    }

    private void ejectIfDeadOrHung(Replica replica, Throwable failure) {
        boolean refused = Failures.causedBy(failure, ConnectException.class);
        if (refused || failure instanceof AttemptTimeoutException) {
            log.warn("{} replica {} {}: no new requests for {}s", replica.service(), replica.id(),
                    refused ? "refused a connection" : "sent no answer within " + attemptTimeout.toMillis() + " ms",
                    EJECTION.toSeconds());
            load.eject(replica, EJECTION);
        }
    }
}
