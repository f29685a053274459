package dev.concurrencylab.mvc;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.httpcomponents.hc5.PoolingHttpClientConnectionManagerMetricsBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.concurrencylab.core.config.LabProperties;
import dev.concurrencylab.core.downstream.DownstreamApi;

/**
 * The blocking HTTP client to downstream: Apache HttpClient 5 with a bounded connection pool
 * ({@code lab.downstream.max-connections}) and explicit connect, pool-wait and response timeouts,
 * the same values the reactive variant's Reactor Netty pool gets. No automatic retries: a retry
 * would double the I/O the lab measures and hide failures.
 */
@Configuration(proxyBeanMethods = false)
class DownstreamClientConfiguration {

    /** A bean so that Spring closes the pool (and its connections) on shutdown. */
    @Bean
    HttpComponentsClientHttpRequestFactory downstreamRequestFactory(LabProperties properties, MeterRegistry registry) {
        LabProperties.Downstream downstream = properties.downstream();
        var pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(downstream.maxConnections())
                .setMaxConnPerRoute(downstream.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(downstream.connectTimeout()))
                        .setSocketTimeout(Timeout.of(downstream.responseTimeout()))
                        .build())
                .build();
        // httpcomponents.httpclient.pool.*: leased, available and pending (waiting for a connection)
        new PoolingHttpClientConnectionManagerMetricsBinder(pool, "downstream").bindTo(registry);
        var httpClient = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(downstream.poolAcquireTimeout()))
                        .setResponseTimeout(Timeout.of(downstream.responseTimeout()))
                        .build())
                .disableAutomaticRetries()
                .build();
        return new HttpComponentsClientHttpRequestFactory(httpClient);
    }

    @Bean
    BlockingDownstreamClient blockingDownstreamClient(RestClient.Builder builder,
            HttpComponentsClientHttpRequestFactory downstreamRequestFactory, LabProperties properties) {
        return new BlockingDownstreamClient(builder.requestFactory(downstreamRequestFactory).build(),
                new DownstreamApi(properties.downstream().url()));
    }
}
