package dev.concurrencylab.core.web.servlet;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.concurrencylab.core.slowdown.Slowdown;

/**
 * A slowed replica's extra wait, before the request is handled: the handling thread sleeps, as it
 * would waiting for a slow disk (a platform thread is held, a virtual one unmounts). Last of the
 * filters, so the request counts as in flight while it waits.
 */
public class SlowdownServletFilter extends OncePerRequestFilter implements Ordered {

    private final Slowdown slowdown;

    public SlowdownServletFilter(Slowdown slowdown) {
        this.slowdown = slowdown;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration extra = slowdown.extra();
        if (!extra.isZero()) {
            try {
                Thread.sleep(extra);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new ServletException("interrupted while slowed down", interrupted);
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
