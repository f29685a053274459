package dev.concurrencylab.core.web.servlet;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.concurrencylab.common.runtime.InFlightRequests;

/** Counts a request in flight from the moment the servlet container hands it over until it is answered. */
public class InFlightServletFilter extends OncePerRequestFilter implements Ordered {

    private final InFlightRequests inFlight;

    public InFlightServletFilter(InFlightRequests inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        inFlight.started();
        try {
            chain.doFilter(request, response);
        } finally {
            inFlight.finished();
        }
    }

    /** Just before the slowdown filter (the last one): a slowed request counts as in flight while it waits. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
