package dev.concurrencylab.gateway.discovery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverException;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.concurrencylab.gateway.config.GatewayProperties;

/**
 * Replicas of a service as every A/AAAA record of its name, resolved again every refresh
 * interval: what Docker Compose (one record per container of a service) and Kubernetes headless
 * Services (one per ready pod) publish. New replicas get traffic and vanished ones are dropped
 * without a restart. Resolution is non-blocking (Netty's DNS resolver, uncached, so the refresh
 * interval and not a TTL cache decides freshness). A name without addresses (NXDOMAIN or no
 * records: a service scaled to zero, no ready pod) means no replicas; a lookup that fails (a
 * timeout, a server failure) keeps the last good list.
 * <p>
 * Why by hand: a plain HTTP client resolves a hostname to one address per connection, which pins
 * pooled connections to one replica; balancing needs every address.
 */
public final class DnsReplicas implements ReplicaDirectory, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DnsReplicas.class);

    private final int port;
    private final EventLoopGroup eventLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final DnsNameResolver resolver;
    private final Map<String, List<Replica>> latest = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, List<Replica>>> listeners = new CopyOnWriteArrayList<>();
    private final Disposable refresher;

    /** Resolves each of {@code services} now and every refresh interval. */
    public DnsReplicas(GatewayProperties.Dns dns, Collection<String> services) {
        this.port = dns.port();
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(eventLoop.next())
                .datagramChannelType(NioDatagramChannel.class)
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .resolveCache(NoopDnsCache.INSTANCE);
        if (dns.server() != null && !dns.server().isBlank()) {
            String[] hostAndPort = dns.server().split(":");
            builder.nameServerProvider(new SingletonDnsServerAddressStreamProvider(
                    new InetSocketAddress(hostAndPort[0], hostAndPort.length > 1 ? Integer.parseInt(hostAndPort[1]) : 53)));
        }
        this.resolver = builder.build();
        List<String> names = List.copyOf(services);
        // One round of lookups at a time; ticks that come while one is still waiting for an answer
        // (a slow or unreachable DNS server: up to the resolver's query timeout) are dropped.
        // Without the drop, the interval overflows and ends with an error, and the replicas would
        // never be re-resolved again.
        this.refresher = Flux.interval(dns.refreshInterval())
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(names)
                        .flatMap(service -> resolve(service).onErrorResume(failure -> Mono.empty()))
                        .then())
                .subscribe();
    }

    @Override
    public Mono<List<Replica>> replicas(String service) {
        List<Replica> known = latest.get(service);
        return known != null ? Mono.just(known) : resolve(service);
    }

    @Override
    public void onChange(BiConsumer<String, List<Replica>> listener) {
        listeners.add(listener);
    }

    private Mono<List<Replica>> resolve(String service) {
        return Mono.<List<InetAddress>>create(sink -> resolver.resolveAll(service).addListener(future -> {
                    if (future.isSuccess()) {
                        @SuppressWarnings("unchecked")
                        List<InetAddress> addresses = (List<InetAddress>) future.getNow();
                        sink.success(addresses);
                    } else {
                        sink.error(future.cause());
                    }
                }))
                .onErrorResume(DnsReplicas::nameHasNoAddress, noAddress -> Mono.just(List.of()))
                .map(addresses -> addresses.stream()
                        .map(InetAddress::getHostAddress)
                        .distinct()
                        .sorted(Comparator.naturalOrder())
                        .map(address -> Replica.of(service, address, port))
                        .toList())
                .doOnNext(replicas -> remember(service, replicas))
                .doOnError(failure -> log.warn("DNS lookup of {} failed, keeping {}: {}", service,
                        describe(latest.get(service)), failure.toString()));
    }

    /**
     * Whether a failed lookup says the name has no address (the server answered NXDOMAIN, or no
     * A/AAAA record) rather than that the lookup itself failed (no answer in time, a server
     * failure, an I/O error), after which the last good list stays.
     */
    static boolean nameHasNoAddress(Throwable failure) {
        if (!(failure instanceof UnknownHostException)) {
            return false;
        }
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof DnsErrorCauseException answered) {
                return DnsResponseCode.NXDOMAIN.equals(answered.getCode());
            }
            if (cause instanceof DnsNameResolverException || cause instanceof IOException) {
                return false;
            }
        }
        return true;
    }

    private void remember(String service, List<Replica> replicas) {
        List<Replica> previous = latest.put(service, replicas);
        if (previous == null || !previous.equals(replicas)) {
            log.info("{} replicas via DNS: {}", service, describe(replicas));
            listeners.forEach(listener -> listener.accept(service, replicas));
        }
    }

    private static String describe(List<Replica> replicas) {
        return replicas == null ? "none" : String.valueOf(replicas.stream().map(Replica::host).toList());
    }

    @Override
    public void destroy() {
        refresher.dispose();
        resolver.close();
        eventLoop.shutdownGracefully();
    }
}
