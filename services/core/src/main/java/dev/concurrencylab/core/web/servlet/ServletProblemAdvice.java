package dev.concurrencylab.core.web.servlet;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.concurrencylab.core.problem.Problems;

/** Hands every exception of a Spring MVC app, including no-route and wrong-method, to {@link Problems}. */
@RestControllerAdvice
public class ServletProblemAdvice {

    private final Problems problems;

    public ServletProblemAdvice(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Throwable.class)
    public ResponseEntity<ProblemDetail> handle(Throwable error, HttpServletRequest request) {
        return problems.toResponse(error, request.getMethod(), request.getRequestURI());
    }
}
