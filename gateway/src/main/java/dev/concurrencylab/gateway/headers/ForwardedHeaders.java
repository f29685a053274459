package dev.concurrencylab.gateway.headers;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Pattern;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * What the gateway tells an upstream about the client (RFC 7239 {@code Forwarded} and the de-facto
 * {@code X-Forwarded-For/Host/Proto/Port/Prefix}). The strategy is explicit: such headers a request
 * brings are believed, and extended, only when it comes from a trusted proxy
 * ({@code lab.gateway.server.trusted-proxies}); from anyone else they are dropped first, so a
 * client cannot claim to be someone else. The gateway's own answer is always what it saw itself:
 * the peer address, the Host it was sent, plain http.
 */
public final class ForwardedHeaders {

    private static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    private static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    private static final AsciiString X_FORWARDED_PREFIX = AsciiString.cached("x-forwarded-prefix");
    private static final List<AsciiString> ALL = List.of(FORWARDED, X_FORWARDED_FOR, X_FORWARDED_HOST,
            X_FORWARDED_PROTO, X_FORWARDED_PORT, X_FORWARDED_PREFIX);

    private final Pattern trustedProxies;

    public ForwardedHeaders(String trustedProxies) {
        this.trustedProxies = Pattern.compile(trustedProxies);
    }

    /** Whether a peer is a proxy whose forwarded headers are believed. */
    public boolean trusts(InetSocketAddress peer) {
        InetAddress address = peer == null ? null : peer.getAddress();
        return address != null && trustedProxies.matcher(address.getHostAddress()).matches();
    }

    /**
     * Sets the forwarded headers of an upstream request.
     *
     * @param headers the upstream request's headers (the client's, hop-by-hop fields removed)
     * @param peer who connected to the gateway
     * @param host the Host the client sent (null: none)
     * @param localPort the port the gateway was reached on
     * @param prefix the route prefix the gateway stripped
     */
    public void apply(HttpHeaders headers, InetSocketAddress peer, String host, int localPort, String prefix) {
        if (!trusts(peer)) {
            for (AsciiString name : ALL) {
                headers.remove(name);
            }
        }
        String address = peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
        String node = address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
        StringBuilder forwarded = new StringBuilder(48).append("for=").append(node);
        if (host != null) {
            forwarded.append(";host=\"").append(host.replace("\"", "")).append('"');
        }
        forwarded.append(";proto=http");
        append(headers, FORWARDED, forwarded.toString());
        append(headers, X_FORWARDED_FOR, address);
        if (!headers.contains(X_FORWARDED_HOST) && host != null) {
            headers.set(X_FORWARDED_HOST, host);
        }
        if (!headers.contains(X_FORWARDED_PROTO)) {
            headers.set(X_FORWARDED_PROTO, "http");
        }
        if (!headers.contains(X_FORWARDED_PORT)) {
            headers.set(X_FORWARDED_PORT, Integer.toString(localPort));
        }
        // a path: a proxy in front that stripped its own prefix comes first
        String outerPrefix = headers.get(X_FORWARDED_PREFIX);
        headers.set(X_FORWARDED_PREFIX, outerPrefix == null ? prefix : outerPrefix + prefix);
    }

    private static void append(HttpHeaders headers, AsciiString name, String value) {
        String existing = headers.get(name);
        headers.set(name, existing == null || existing.isBlank() ? value : existing + ", " + value);
    }
}
