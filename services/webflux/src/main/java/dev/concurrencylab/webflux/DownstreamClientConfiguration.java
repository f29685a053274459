package dev.concurrencylab.webflux;

import io.netty.channel.ChannelOption;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import dev.concurrencylab.core.config.LabProperties;
import dev.concurrencylab.core.downstream.DownstreamApi;

/**
 * The non-blocking HTTP client to downstream: WebClient on Reactor Netty, with a bounded
 * connection pool ({@code lab.downstream.max-connections}; Reactor Netty's own default is only
 * max(16, 2 x cores), a hidden bottleneck) and explicit connect, pool-wait and response timeouts,
 * the same values the blocking variants' Apache pool gets.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamClientConfiguration {

    @Bean(destroyMethod = "dispose")
    ConnectionProvider downstreamConnections(LabProperties properties) {
        LabProperties.Downstream downstream = properties.downstream();
        return ConnectionProvider.builder("downstream")
                .maxConnections(downstream.maxConnections())
                .pendingAcquireTimeout(downstream.poolAcquireTimeout())
                // waiting requests are bounded by the acquire timeout, not by a count
                .pendingAcquireMaxCount(-1)
                // reactor.netty.connection.provider.*: active, idle and pending (waiting for a connection)
                .metrics(true)
                .build();
    }

    @Bean
    ReactiveDownstreamClient reactiveDownstreamClient(WebClient.Builder builder, ConnectionProvider downstreamConnections,
            LabProperties properties) {
        LabProperties.Downstream downstream = properties.downstream();
        HttpClient httpClient = HttpClient.create(downstreamConnections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(downstream.connectTimeout().toMillis()))
                .responseTimeout(downstream.responseTimeout());
        return new ReactiveDownstreamClient(builder.clientConnector(new ReactorClientHttpConnector(httpClient)).build(),
                new DownstreamApi(downstream.url()));
    }
}
