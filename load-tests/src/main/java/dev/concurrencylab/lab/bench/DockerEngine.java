package dev.concurrencylab.lab.bench;

import java.time.Duration;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

/** The Docker engine the environment names (DOCKER_HOST, or the local socket), as docker-java connects to it. */
final class DockerEngine {

    private DockerEngine() {
    }

    static DockerClient connect() {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        return DockerClientImpl.getInstance(config, new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).build());
    }

    /** Where {@link #connect()} goes, for messages. */
    static String host() {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    }
}
