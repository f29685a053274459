package dev.concurrencylab.gateway.cache;

import io.netty.buffer.ByteBuf;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A whole body read into bytes, up to a bound (a background refresh, which has no client to
 * stream to): {@code bytes} null when it was larger, and then nothing of it is kept.
 */
record CapturedBody(byte[] bytes) {

    static Mono<CapturedBody> of(Flux<ByteBuf> body, int maxBytes) {
        return Mono.defer(() -> {
            Collector collector = new Collector(maxBytes);
            return body.doOnNext(collector::add).then(Mono.fromSupplier(collector::result))
                    .doFinally(signal -> collector.discard());
        });
    }

    /** Gathers buffers until complete or too large; releases every buffer it got. */
    private static final class Collector {

        private final int maxBytes;
        private byte[] bytes = new byte[0];
        private int size;
        private boolean tooLarge;

        Collector(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        void add(ByteBuf buffer) {
            try {
                int length = buffer.readableBytes();
                if (tooLarge || size + (long) length > maxBytes) {
                    tooLarge = true;
                    return;
                }
                if (size + length > bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, Math.max(size + length, Math.min(maxBytes, bytes.length * 2 + 256)));
                }
                buffer.readBytes(bytes, size, length);
                size += length;
            } finally {
                buffer.release();
            }
        }

        CapturedBody result() {
            return new CapturedBody(tooLarge ? null : java.util.Arrays.copyOf(bytes, size));
        }

        void discard() {
            bytes = null;
        }
    }
}
