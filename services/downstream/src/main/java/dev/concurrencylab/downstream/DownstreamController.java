package dev.concurrencylab.downstream;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.stream.IntStream;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

import dev.concurrencylab.common.problem.ProblemTypes;
import dev.concurrencylab.core.config.LabProperties;
import dev.concurrencylab.core.downstream.Delayed;
import dev.concurrencylab.core.downstream.DownstreamApi;
import dev.concurrencylab.core.downstream.History;
import dev.concurrencylab.core.downstream.Inventory;
import dev.concurrencylab.core.params.Durations;
import dev.concurrencylab.core.params.Identifiers;
import dev.concurrencylab.core.params.QueryParameters;
import dev.concurrencylab.core.runtime.WhoAmI;
import dev.concurrencylab.core.runtime.WhoAmIResource;

/**
 * Serves {@link DownstreamApi}: inventory (stock and price) per product, viewing history per
 * user, and a plain wait that can answer with an injected error status; plus {@code /whoami}. Data is a pure function
 * of the id, so every service replica sees the same values.
 */
@RestController
public class DownstreamController {

    private static final int HISTORY_LENGTH = 5;

    private final LabProperties.Limits limits;
    private final WhoAmIResource whoAmI;

    public DownstreamController(LabProperties properties, WhoAmIResource whoAmI) {
        this.limits = properties.limits();
        this.whoAmI = whoAmI;
    }

    /** Which replica, and how many requests it is waiting on: shows the load the services put on it. */
    @GetMapping(WhoAmIResource.PATH)
    public ResponseEntity<WhoAmI> whoAmI() {
        return whoAmI.respond();
    }

    @GetMapping(DownstreamApi.INVENTORY_PATH)
    public Mono<Inventory> inventory(@PathVariable String productId, @RequestParam MultiValueMap<String, String> query) {
        int id = Identifiers.parse("productId", productId, 1, Integer.MAX_VALUE);
        return Mono.delay(delay(query, Set.of(DownstreamApi.DELAY_PARAMETER)))
                .map(tick -> new Inventory(id, 100 + (id * 7919L) % 99_900, (int) ((id * 31L) % 500)));
    }

    @GetMapping(DownstreamApi.HISTORY_PATH)
    public Mono<History> history(@PathVariable String userId, @RequestParam MultiValueMap<String, String> query) {
        int id = Identifiers.parse("userId", userId, 1, Integer.MAX_VALUE);
        return Mono.delay(delay(query, Set.of(DownstreamApi.DELAY_PARAMETER)))
                .map(tick -> new History(id, IntStream.range(0, HISTORY_LENGTH)
                        .mapToObj(i -> 1 + (int) ((id * 2654435761L + i * 40503L) % 100_000))
                        .toList()));
    }

    @GetMapping(DownstreamApi.DELAY_PATH)
    public Mono<ResponseEntity<?>> delay(@RequestParam MultiValueMap<String, String> query) {
        QueryParameters parameters = QueryParameters.of(query,
                Set.of(DownstreamApi.DELAY_PARAMETER, DownstreamApi.STATUS_PARAMETER));
        Duration delay = parameters.duration(DownstreamApi.DELAY_PARAMETER, Duration.ZERO, limits.maxIo());
        int status = parameters.responseStatus(DownstreamApi.STATUS_PARAMETER);
        return Mono.delay(delay).map(tick -> status == HttpStatus.OK.value()
                ? ResponseEntity.ok(new Delayed(Durations.format(delay)))
                : injectedFault(status));
    }

    private Duration delay(MultiValueMap<String, String> query, Set<String> accepted) {
        return QueryParameters.of(query, accepted).duration(DownstreamApi.DELAY_PARAMETER, Duration.ZERO, limits.maxIo());
    }

    private static ResponseEntity<ProblemDetail> injectedFault(int status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status),
                "Fault injected on request: status " + status);
        problem.setType(URI.create(ProblemTypes.PREFIX + "injected-fault"));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
