package dev.concurrencylab.common.netty;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import reactor.netty.http.server.HttpServer;

import dev.concurrencylab.common.problem.ProblemTypes;

/**
 * Reactor Netty answers a request it cannot decode itself, before any route or Spring handler
 * runs: 414 for a request line over the limit, 431 for headers over the limit, 400 for anything
 * else unparseable, each with an empty body. This customizer puts a handler next to the HTTP codec
 * that gives those answers the lab's problem+json body, so a client learns what was wrong.
 * <p>
 * Reactor Netty offers no hook for these answers, so the handler recognises them by their shape: a
 * full response of one of those statuses, no body, and no header but {@code Content-Length} and
 * {@code Connection: close}. Nothing else the lab sends looks like that: the apps' errors are
 * problem+json, and every response the gateway proxies carries its {@code X-Request-Id}.
 */
public final class DecodingFailureProblems implements NettyServerCustomizer {

    private static final String HANDLER_NAME = "lab.decodingFailureProblems";
    private static final ChannelHandler HANDLER = new ProblemBodies();

    @Override
    public HttpServer apply(HttpServer server) {
        return HttpCodecNeighbours.addBehindHttpCodec(server, HANDLER_NAME, HANDLER);
    }

    /** Gives Reactor Netty's bodiless decoding-failure answers a problem+json body. */
    @ChannelHandler.Sharable
    static final class ProblemBodies extends ChannelOutboundHandlerAdapter {

        private static final Set<Integer> DECODING_FAILURE_STATUSES = Set.of(400, 414, 431);

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            if (message instanceof FullHttpResponse response && isDecodingFailureAnswer(response)) {
                byte[] body = ProblemTypes.malformedRequestJson(response.status().code()).getBytes(StandardCharsets.UTF_8);
                FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
                response.release();
                problem.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                context.write(problem, promise);
                return;
            }
            context.write(message, promise);
        }

        private static boolean isDecodingFailureAnswer(FullHttpResponse response) {
            HttpHeaders headers = response.headers();
            return DECODING_FAILURE_STATUSES.contains(response.status().code())
                    && response.content().readableBytes() == 0
                    && headers.size() == 2
                    && headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                    && headers.contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true);
        }
    }
}
