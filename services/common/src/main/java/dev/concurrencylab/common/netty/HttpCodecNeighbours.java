package dev.concurrencylab.common.netty;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Puts a sharable handler right behind Reactor Netty's HTTP/1.1 codec on every connection of a
 * server, where it sees decoded requests first and encoded responses last. Connections without
 * that codec (the lab serves nothing but HTTP/1.1 cleartext) are left alone.
 */
public final class HttpCodecNeighbours {

    private HttpCodecNeighbours() {
    }

    public static HttpServer addBehindHttpCodec(HttpServer server, String name, ChannelHandler handler) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(name) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, name, handler);
            }
        });
    }
}
