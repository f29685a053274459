package dev.concurrencylab.common.netty;

import java.net.URI;
import java.net.URISyntaxException;

import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.Ordered;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

import dev.concurrencylab.common.problem.ProblemTypes;

/**
 * Netty accepts a request line with broken percent-encoding ({@code /products/%zz}) that Spring
 * cannot turn into a URI; Spring then answers 400 with an empty body. This route, consulted before
 * Spring's handler and before any other route an app adds (the gateway's data path), answers it
 * 400 problem+json like every other error of the lab.
 */
public final class MalformedUriRoute implements NettyRouteProvider, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> !isValidUri(request.uri()), (request, response) -> response.status(400)
                .header("Content-Type", "application/problem+json")
                .header("Cache-Control", "no-store")
                .sendString(Mono.just(ProblemTypes.malformedRequestJson(400)))
                .then());
    }

    /** Characters that never make a request target malformed: a target made of them alone needs no parse. */
    private static final String PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?=&:;,+!$'()*@";

    /** Parses only a URI that could be malformed, so the common request costs a character scan, not a parse. */
    private static boolean isValidUri(String uri) {
        if (uri.chars().allMatch(c -> PLAIN.indexOf(c) >= 0)) {
            return true;
        }
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException malformed) {
            return false;
        }
    }
}
