package dev.concurrencylab.gateway.cache;

import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.util.AsciiString;

import org.springframework.http.HttpHeaders;

/**
 * A stored response's header fields in the form Reactor Netty writes fastest, prepared once when
 * the response is stored, so that a hit copies them onto the outgoing response without converting
 * or checking anything again. Copied through Spring's {@link HttpHeaders} instead, the ten fields
 * of a product hit took an eighth of the event loop's time (JFR, gateway/bench/cache-hit.sh): each
 * name looked up case-insensitively in the stored map, each field's previous values fetched only
 * to be returned by {@code put}, every name and value validated, and every String encoded char by
 * char. Here the fields are Netty headers of Netty's default factory, as the server's own responses
 * are, so Netty copies their entries with hashes and validation already done, and their names and
 * values are {@link AsciiString}s, whose bytes the encoder copies in one go (a value's chars become
 * the bytes they were decoded from, ISO-8859-1, as Netty encodes a String). Immutable once built.
 */
final class WireHeaders {

    /** Per AsciiString and header entry beyond its bytes: the objects and array (for the cache's byte bound). */
    private static final int OVERHEAD_PER_STRING = 48;

    /** Null when Netty refused a field (then hits copy through Spring's headers). */
    private final io.netty.handler.codec.http.HttpHeaders fields;
    private final List<AsciiString> names;
    private final int bytes;

    WireHeaders(HttpHeaders headers) {
        io.netty.handler.codec.http.HttpHeaders prepared = DefaultHttpHeadersFactory.headersFactory().newHeaders();
        List<AsciiString> preparedNames = new ArrayList<>();
        int size = 0;
        try {
            for (var header : headers.headerSet()) {
                AsciiString name = AsciiString.of(header.getKey());
                preparedNames.add(name);
                size += name.length() + OVERHEAD_PER_STRING;
                for (String value : header.getValue()) {
                    prepared.add(name, AsciiString.of(value));
                    size += value.length() + OVERHEAD_PER_STRING;
                }
            }
        } catch (IllegalArgumentException refused) {
            prepared = null;
        }
        this.fields = prepared;
        this.names = List.copyOf(preparedNames);
        this.bytes = size;
    }

    /**
     * Sets every field on a response's headers, replacing fields of the same name. Fields Netty
     * refused when they were prepared (none a real upstream sends) are copied from {@code stored}
     * one by one instead, with Netty's checks.
     */
    void setOn(io.netty.handler.codec.http.HttpHeaders target, HttpHeaders stored) {
        if (fields == null) {
            stored.forEach((name, values) -> target.set(name, values));
            return;
        }
        if (!target.isEmpty()) {
            names.forEach(target::remove);
        }
        target.add(fields);
    }

    /** What these prepared fields cost in memory, for the cache's byte bound. */
    int bytes() {
        return bytes;
    }
}
