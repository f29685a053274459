package dev.concurrencylab.core.problem;

import java.net.URI;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;

import dev.concurrencylab.common.problem.ProblemTypes;
import dev.concurrencylab.core.params.InvalidParameterException;

/**
 * The one place that turns any failure into an RFC 9457 problem+json response. Servlet and
 * reactive apps both hand every exception here, so a mistake gets the same status, type and body
 * on every variant, and no stack trace ever reaches a client.
 * <p>
 * Shape: {@code type} ({@code urn:concurrency-lab:problem:<kind>}), {@code title}, {@code status},
 * {@code detail}, {@code instance} (the request path), plus {@code parameter}/{@code value}/
 * {@code allowed} for invalid parameters and {@code downstreamStatus} for downstream errors.
 */
public final class Problems {

    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    public ResponseEntity<ProblemDetail> toResponse(Throwable error, String method, String path) {
        return switch (error) {
            case InvalidParameterException invalid -> invalidParameter(invalid, path);
            case NotFoundException notFound ->
                    respond(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", notFound.getMessage(), path));
            case DownstreamException downstream -> downstream(downstream, method, path);
            case ErrorResponse framework -> framework(framework, method, path);
            default -> unexpected(error, method, path);
        };
    }

    private ResponseEntity<ProblemDetail> invalidParameter(InvalidParameterException invalid, String path) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid request parameter",
                invalid.getMessage(), path);
        problem.setProperty("parameter", invalid.parameter());
        problem.setProperty("value", invalid.value());
        problem.setProperty("allowed", invalid.allowed());
        return respond(problem);
    }

    private ResponseEntity<ProblemDetail> downstream(DownstreamException failure, String method, String path) {
        log.warn("{} {} -> {}: {}", method, path, failure.kind().status().value(), failure.getMessage());
        DownstreamException.Kind kind = failure.kind();
        ProblemDetail problem = problem(kind.status(), kind.problemType(), kind.title(), failure.getMessage(), path);
        if (failure.downstreamStatus() != null) {
            problem.setProperty("downstreamStatus", failure.downstreamStatus());
        }
        return respond(problem);
    }

    /** Errors the web framework raises itself before or around our code: no route, wrong method, ... */
    private ResponseEntity<ProblemDetail> framework(ErrorResponse error, String method, String path) {
        HttpStatusCode status = error.getStatusCode();
        if (status.is5xxServerError()) {
            return unexpected((Throwable) error, method, path);
        }
        ProblemDetail problem = switch (HttpStatus.resolve(status.value())) {
            case NOT_FOUND -> problem(status, "not-found", "Not found", "There is no resource at " + path, path);
            case METHOD_NOT_ALLOWED -> problem(status, "method-not-allowed", "Method not allowed",
                    "Method %s is not allowed on %s; allowed: %s".formatted(method, path,
                            error.getHeaders().getAllow().stream().map(Object::toString).sorted()
                                    .collect(Collectors.joining(", "))), path);
            case null, default -> problem(status, "bad-request", reasonPhrase(status), frameworkDetail(error), path);
        };
        return respond(problem, error.getHeaders());
    }

    private ResponseEntity<ProblemDetail> unexpected(Throwable error, String method, String path) {
        log.error("{} {} failed unexpectedly", method, path, error);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The service failed to handle this request; its log has the details", path));
    }

    private static ProblemDetail problem(HttpStatusCode status, String type, String title, String detail, String path) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(ProblemTypes.PREFIX + type));
        problem.setTitle(title);
        problem.setInstance(instance(path));
        return problem;
    }

    private static URI instance(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    private static String reasonPhrase(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error " + status.value() : known.getReasonPhrase();
    }

    private static String frameworkDetail(ErrorResponse error) {
        String detail = error.getBody().getDetail();
        return detail == null ? reasonPhrase(error.getStatusCode()) : detail;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return respond(problem, HttpHeaders.EMPTY);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders extraHeaders) {
        return ResponseEntity.status(problem.getStatus())
                .headers(extraHeaders)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .cacheControl(CacheControl.noStore())
                .body(problem);
    }
}
