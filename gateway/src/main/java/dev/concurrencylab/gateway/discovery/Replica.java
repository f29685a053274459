package dev.concurrencylab.gateway.discovery;

/**
 * One replica of a service, as discovery found it.
 *
 * @param service the service it belongs to ({@code lb://<service>})
 * @param host its address
 * @param port its port
 * @param id its name in headers, metrics and logs: {@code host:port}
 * @param baseUri where requests go: {@code http://host:port}
 */
public record Replica(String service, String host, int port, String id, String baseUri) {

    public static Replica of(String service, String host, int port) {
        String authority = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return new Replica(service, host, port, host + ":" + port, "http://" + authority);
    }

    /** The Host header of requests to it: {@code host:port}, an IPv6 address in brackets. */
    public String authority() {
        return baseUri.substring("http://".length());
    }
}
