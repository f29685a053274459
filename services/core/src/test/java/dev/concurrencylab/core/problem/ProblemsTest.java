package dev.concurrencylab.core.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

import dev.concurrencylab.core.params.InvalidParameterException;

class ProblemsTest {

    private final Problems problems = new Problems();

    @Test
    void invalidParameterIs400NamingParameterValueAndAllowedRange() {
        ResponseEntity<ProblemDetail> response = problems.toResponse(
                new InvalidParameterException("io", "11s", "0ms..10s", "is out of range"), "GET", "/work");

        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
        ProblemDetail problem = response.getBody();
        assertThat(problem.getType()).isEqualTo(URI.create("urn:concurrency-lab:problem:invalid-parameter"));
        assertThat(problem.getInstance()).isEqualTo(URI.create("/work"));
        assertThat(problem.getDetail()).isEqualTo("Parameter 'io' is out of range: allowed 0ms..10s");
        assertThat(problem.getProperties()).containsEntry("parameter", "io").containsEntry("value", "11s")
                .containsEntry("allowed", "0ms..10s");
    }

    @ParameterizedTest
    @CsvSource({"UNREACHABLE, 502", "ERROR_STATUS, 502", "TIMEOUT, 504", "POOL_EXHAUSTED, 503"})
    void eachDownstreamFailureHasItsStatus(DownstreamException.Kind kind, int status) {
        ResponseEntity<ProblemDetail> response = problems.toResponse(
                new DownstreamException(kind, "it failed", null), "GET", "/products/1");

        assertThat(response.getStatusCode().value()).isEqualTo(status);
        assertThat(response.getBody().getType().toString()).isEqualTo("urn:concurrency-lab:problem:" + kind.problemType());
    }

    @Test
    void frameworkNotFoundIs404Problem() {
        ResponseEntity<ProblemDetail> response = problems.toResponse(
                new ResponseStatusException(HttpStatus.NOT_FOUND), "GET", "/nope");

        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getBody().getDetail()).isEqualTo("There is no resource at /nope");
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsMessageOrTrace() {
        ResponseEntity<ProblemDetail> response = problems.toResponse(
                new IllegalStateException("secret internals"), "GET", "/work");

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getBody().getDetail()).doesNotContain("secret").doesNotContain("Exception");
    }
}
