package dev.concurrencylab.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

import dev.concurrencylab.launcher.Service;

/**
 * The same request to every variant gives the same answer: status, the headers a client or cache
 * acts on, and the body, to the byte of its JSON. A variant that differs is named in the failure.
 */
@ExtendWith(LiveTopology.class)
@DisplayName("variants agree")
class VariantsAgreeIT {

    private static final String[] CONTRACT_HEADERS = {"Content-Type", "Cache-Control", "ETag", "Allow"};

    private final ContractTopology topology;

    VariantsAgreeIT(ContractTopology topology) {
        this.topology = topology;
    }

    @ParameterizedTest(name = "GET {0}")
    @ValueSource(strings = {
            "/products/42", "/products/100000", "/products/100001", "/products/abc", "/products/42?latency=11s",
            "/users/7/recommendations", "/users/0/recommendations",
            "/work", "/work?bytes=64&cpu=1ms&io=1ms", "/work?io=11s", "/work?bytes=x", "/work?cpus=1",
            "/work?io-mode=downstream&downstream-status=500", "/work?io-mode=downstream&downstream-status=404",
            "/nope", "/products"})
    void everyVariantAnswersAsMvcDoes(String pathAndQuery) {
        Map<Service, Http.Reply> replies = new EnumMap<>(Service.class);
        for (Service variant : Service.variants()) {
            replies.put(variant, topology.http().get(topology.service(variant).uri(pathAndQuery)));
        }

        Http.Reply reference = replies.get(Service.SERVICE_MVC);
        for (Service variant : Service.variants()) {
            Http.Reply reply = replies.get(variant);
            assertThat(reply.status()).as("%s: status of %s", variant, pathAndQuery).isEqualTo(reference.status());
            for (String header : CONTRACT_HEADERS) {
                assertThat(reply.header(header)).as("%s: %s of %s", variant, header, pathAndQuery)
                        .isEqualTo(reference.header(header));
            }
            assertThat(json(reply)).as("%s: body of %s", variant, pathAndQuery).isEqualTo(json(reference));
        }
    }

    /** Compared as JSON trees: the same members and values, whatever order a framework writes them in. */
    private static JsonNode json(Http.Reply reply) {
        return reply.json();
    }
}
