package dev.concurrencylab.core.web.servlet;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.concurrencylab.core.params.InvalidParameterException;
import dev.concurrencylab.core.problem.Problems;

/**
 * Hands every exception of a Spring MVC app, including no-route and wrong-method, to
 * {@link Problems}. Tomcat reports a query string it cannot decode ({@code ?io=%zz}) as an
 * {@code IllegalStateException} of its own; that is the client's mistake, so it becomes a 400.
 */
@RestControllerAdvice
public class ServletProblemAdvice {

    private final Problems problems;

    public ServletProblemAdvice(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    public ResponseEntity<ProblemDetail> undecodableQuery(HttpServletRequest request) {
        return handle(new InvalidParameterException("query", request.getQueryString(),
                "percent-encoded UTF-8 (RFC 3986)", "cannot be decoded"), request);
    }

    @ExceptionHandler(Throwable.class)
    public ResponseEntity<ProblemDetail> handle(Throwable error, HttpServletRequest request) {
        return problems.toResponse(error, request.getMethod(), request.getRequestURI());
    }
}
