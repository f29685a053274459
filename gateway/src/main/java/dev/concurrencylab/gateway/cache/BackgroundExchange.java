package dev.concurrencylab.gateway.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An exchange of the gateway's own, for a background refresh (stale-while-revalidate) that
 * outlives the client's request: the client's exchange with another request, a response that
 * only captures what the upstream answers (body aggregated up to {@code maxBytes}, larger: dropped),
 * and attributes of its own, so the routing filters of the two exchanges never see each other's.
 */
final class BackgroundExchange extends ServerWebExchangeDecorator {

    private final ServerHttpRequest request;
    private final Captured response;
    private final Map<String, Object> attributes;

    BackgroundExchange(ServerWebExchange client, ServerHttpRequest request, int maxBytes) {
        super(client);
        this.request = request;
        this.response = new Captured(maxBytes);
        this.attributes = new ConcurrentHashMap<>(client.getAttributes());
    }

    @Override
    public ServerHttpRequest getRequest() {
        return request;
    }

    @Override
    public ServerHttpResponse getResponse() {
        return response;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return attributes;
    }

    Captured captured() {
        return response;
    }

    /** The upstream's answer: status and headers as set by the routing filter, the body once written. */
    static final class Captured extends AbstractServerHttpResponse {

        private final int maxBytes;
        /** The body; null when none was written or it exceeded the bound. */
        volatile byte[] body;
        volatile boolean tooLarge;

        Captured(int maxBytes) {
            super(DefaultDataBufferFactory.sharedInstance);
            this.maxBytes = maxBytes;
        }

        @Override
        protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> content) {
            return DataBufferUtils.join(content, maxBytes)
                    .doOnNext(joined -> {
                        byte[] bytes = new byte[joined.readableByteCount()];
                        joined.read(bytes);
                        DataBufferUtils.release(joined);
                        body = bytes;
                    })
                    .onErrorResume(DataBufferLimitException.class, limit -> {
                        tooLarge = true;
                        return Mono.empty();
                    })
                    .then();
        }

        @Override
        protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> content) {
            return writeWithInternal(Flux.from(content).concatMap(Flux::from));
        }

        @Override
        public <T> T getNativeResponse() {
            throw new UnsupportedOperationException("a captured response has no native response");
        }

        @Override
        protected void applyStatusCode() {
        }

        @Override
        protected void applyHeaders() {
        }

        @Override
        protected void applyCookies() {
        }
    }
}
