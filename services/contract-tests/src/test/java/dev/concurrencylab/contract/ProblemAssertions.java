package dev.concurrencylab.contract;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** What every error response of every lab app must look like: RFC 9457 problem+json, never cached. */
final class ProblemAssertions {

    private ProblemAssertions() {
    }

    static JsonNode assertProblem(Http.Reply reply, int status, String type, String path) {
        assertThat(reply.status()).as("status of %s", path).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as("Content-Type").startsWith("application/problem+json");
        assertThat(reply.header("Cache-Control")).as("Cache-Control").isEqualTo("no-store");
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asString()).isEqualTo("urn:concurrency-lab:problem:" + type);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertThat(problem.path("instance").asString()).isEqualTo(path);
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
