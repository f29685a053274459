package dev.concurrencylab.core.web.reactive;

import java.net.URI;
import java.net.URISyntaxException;

import org.springframework.boot.reactor.netty.NettyRouteProvider;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRoutes;

import dev.concurrencylab.core.problem.Problems;

/**
 * Netty accepts a request line with broken percent-encoding ({@code /products/%zz}) that Spring
 * cannot turn into a URI; Spring then answers 400 with an empty body. This route, consulted before
 * Spring's handler, answers it 400 problem+json like every other error of the lab.
 */
public final class MalformedUriRoute implements NettyRouteProvider {

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(request -> !isValidUri(request.uri()), (request, response) -> response.status(400)
                .header("Content-Type", "application/problem+json")
                .header("Cache-Control", "no-store")
                .sendString(Mono.just(Problems.malformedRequestJson(400)))
                .then());
    }

    private static boolean isValidUri(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException malformed) {
            return false;
        }
    }
}
