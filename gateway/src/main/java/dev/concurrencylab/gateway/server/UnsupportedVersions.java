package dev.concurrencylab.gateway.server;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import reactor.netty.http.server.HttpServer;

import dev.concurrencylab.common.netty.HttpCodecNeighbours;
import dev.concurrencylab.common.problem.ProblemTypes;

/**
 * RFC 9110 §15.6.6: a request in a major HTTP version the gateway does not speak ({@code HTTP/2.0}
 * or {@code HTTP/3.0} in an HTTP/1 request line) is answered 505 with a problem+json body, and
 * the connection closed. Netty decodes such a request line without complaint and Reactor Netty
 * would answer a bodiless 400, so this handler sits right behind the HTTP codec and answers
 * first.
 */
final class UnsupportedVersions implements NettyServerCustomizer {

    private static final String HANDLER_NAME = "lab.unsupportedVersions";
    private static final ChannelHandler HANDLER = new Answer();

    @Override
    public HttpServer apply(HttpServer server) {
        return HttpCodecNeighbours.addBehindHttpCodec(server, HANDLER_NAME, HANDLER);
    }

    @ChannelHandler.Sharable
    static final class Answer extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (message instanceof HttpRequest request && request.protocolVersion().majorVersion() != 1) {
                String version = request.protocolVersion().text();
                ReferenceCountUtil.release(message);
                byte[] body = ("{\"type\":\"%sunsupported-version\",\"title\":\"HTTP version not supported\","
                        + "\"status\":505,\"detail\":\"The gateway speaks HTTP/1.1 (and 1.0), not %s\"}")
                        .formatted(ProblemTypes.PREFIX, version.replace("\"", "")).getBytes(StandardCharsets.UTF_8);
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                        HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, Unpooled.wrappedBuffer(body));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            context.fireChannelRead(message);
        }
    }
}
