package dev.concurrencylab.gateway.headers;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1) belong to one connection and are never forwarded: the
 * standard ones, and every field a message names in its {@code Connection} header. A client's
 * request loses them as received, before the gateway adds anything of its own, so a client
 * sending {@code Connection: Forwarded} cannot strip what the gateway says about it.
 */
public final class HopByHop {

    private static final List<AsciiString> STANDARD = List.of(HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE,
            AsciiString.cached("proxy-connection"), HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
            HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHORIZATION,
            HttpHeaderNames.PROXY_AUTHENTICATE);

    private HopByHop() {
    }

    /** Removes the hop-by-hop fields from {@code headers}, those named in its Connection first. */
    public static void remove(HttpHeaders headers) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (String value : connection) {
            for (String option : value.split(",")) {
                String name = option.trim();
                if (!name.isEmpty()) {
                    headers.remove(name);
                }
            }
        }
        for (AsciiString name : STANDARD) {
            headers.remove(name);
        }
    }

    /** Whether a field is hop-by-hop by definition (not counting those a Connection header names). */
    public static boolean isStandard(CharSequence name) {
        for (AsciiString hopByHop : STANDARD) {
            if (hopByHop.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
