package dev.concurrencylab.common.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds {@code lab-defaults.properties} (what every lab app shares: management port, exposed
 * endpoints, histograms, graceful shutdown, a log pattern naming the replica) as the source of
 * lowest precedence, so an app's own application.properties, the environment and the command line
 * all override it. Also settles {@code lab.instance-id} before logging starts, because the log
 * pattern names the replica: the host name in a container (Docker and Kubernetes set it to the
 * container or pod name), else {@code <application name>-<pid>}.
 */
public class LabDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    private static final String DEFAULTS = "lab-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Properties defaults = load();
        if (!environment.containsProperty("lab.instance-id")) {
            defaults.setProperty("lab.instance-id", defaultInstanceId(environment));
        }
        environment.getPropertySources().addLast(new PropertiesPropertySource("labDefaults", defaults));
    }

    private static String defaultInstanceId(ConfigurableEnvironment environment) {
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            return hostname;
        }
        return environment.getProperty("spring.application.name", "lab") + "-" + ProcessHandle.current().pid();
    }

    private static Properties load() {
        try {
            return PropertiesLoaderUtils.loadProperties(new ClassPathResource(DEFAULTS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULTS + " from the classpath", e);
        }
    }

    /** After config data, so the apps' own files are already visible. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
