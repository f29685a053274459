import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The reference row of proxy-overhead.sh, never deployed: {@code java -cp 'LIBS/*'
 * ReactorNettyProxy.java PORT UPSTREAM_URL} proxies every request on 127.0.0.1:PORT to the upstream
 * with the Reactor Netty server and client the gateway runs on (same jars, same event loops, same
 * pooled keep-alive connections), and nothing else: no Spring WebFlux, no route lookup, no filters.
 * It answers "how much of the gateway's cost per request is the JVM and Reactor Netty, and how much
 * is Spring Cloud Gateway on top", which no library's benchmark answers for this machine.
 */
public class ReactorNettyProxy {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        HttpClient upstream = HttpClient.create(ConnectionProvider.builder("upstream").maxConnections(1000).build())
                .baseUrl(args[1]);
        HttpServer.create().host("127.0.0.1").port(port)
                .handle((request, response) -> upstream
                        .headers(headers -> headers.set(request.requestHeaders())
                                .remove(HttpHeaderNames.HOST)
                                .remove(HttpHeaderNames.CONNECTION))
                        .request(request.method())
                        .uri(request.uri())
                        .send(request.receive().retain())
                        .response((upstreamResponse, body) -> response.status(upstreamResponse.status())
                                .headers(upstreamResponse.responseHeaders())
                                .send(body.retain()))
                        .then())
                .bindNow()
                .onDispose()
                .block();
    }
}
