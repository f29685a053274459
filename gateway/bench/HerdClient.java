import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The herd for cache-herd.sh: {@code java HerdClient.java URL N} opens N connections, releases N
 * GETs of URL at the same moment, and prints what came back in one line: statuses, how many
 * distinct bodies, and the X-Cache values.
 */
public class HerdClient {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int clients = Integer.parseInt(args[1]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                responses.add(users.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build();
                    ready.countDown();
                    go.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            ready.await();
            go.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            Map<String, Integer> xCache = new TreeMap<>();
            java.util.Set<String> bodies = new java.util.HashSet<>();
            for (Future<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get();
                statuses.merge(response.statusCode(), 1, Integer::sum);
                xCache.merge(response.headers().firstValue("X-Cache").orElse("-"), 1, Integer::sum);
                bodies.add(response.body());
            }
            System.out.println("status " + statuses + ", distinct bodies " + bodies.size() + ", X-Cache " + xCache);
        }
    }
}
