package dev.concurrencylab.core.web.reactive;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebExchange;

import dev.concurrencylab.core.problem.Problems;

/**
 * Hands every exception of a WebFlux app to {@link Problems}. WebFlux also routes errors raised
 * before a handler is chosen (no route, wrong method) through controller advice.
 */
@RestControllerAdvice
public class ReactiveProblemAdvice {

    private final Problems problems;

    public ReactiveProblemAdvice(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Throwable.class)
    public ResponseEntity<ProblemDetail> handle(Throwable error, ServerWebExchange exchange) {
        return problems.toResponse(error, exchange.getRequest().getMethod().name(),
                exchange.getRequest().getPath().value());
    }
}
