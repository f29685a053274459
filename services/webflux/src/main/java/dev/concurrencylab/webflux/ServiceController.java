package dev.concurrencylab.webflux;

import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

import dev.concurrencylab.core.products.Product;
import dev.concurrencylab.core.products.ProductRequest;
import dev.concurrencylab.core.products.ProductResource;
import dev.concurrencylab.core.runtime.WhoAmI;
import dev.concurrencylab.core.runtime.WhoAmIResource;
import dev.concurrencylab.core.users.RecommendationRequest;
import dev.concurrencylab.core.users.RecommendationResource;
import dev.concurrencylab.core.users.Recommendations;
import dev.concurrencylab.core.work.WorkRequest;
import dev.concurrencylab.core.work.WorkResource;
import dev.concurrencylab.core.work.WorkResult;

/**
 * The service contract in the reactive model: no thread ever waits. I/O is a {@code Mono}
 * ({@code Mono.delay}, WebClient) and the event loop serves other requests until it completes;
 * CPU work runs on the event loop and holds it, exactly as in Node.js. Parsing, CPU work and
 * responses live in lab-core; read this side by side with mvc's ServiceController.
 */
@RestController
public class ServiceController {

    private final ProductResource products;
    private final RecommendationResource recommendations;
    private final WorkResource work;
    private final WhoAmIResource whoAmI;
    private final ReactiveDownstreamClient downstream;

    public ServiceController(ProductResource products, RecommendationResource recommendations, WorkResource work,
            WhoAmIResource whoAmI, ReactiveDownstreamClient downstream) {
        this.products = products;
        this.recommendations = recommendations;
        this.work = work;
        this.whoAmI = whoAmI;
        this.downstream = downstream;
    }

    @GetMapping(ProductResource.PATH)
    public Mono<ResponseEntity<Product>> product(@PathVariable String id, @RequestParam MultiValueMap<String, String> query) {
        ProductRequest request = products.request(id, query);
        return downstream.inventory(request.productId(), request.latency())
                .map(inventory -> products.respond(request, inventory));
    }

    @GetMapping(RecommendationResource.PATH)
    public Mono<ResponseEntity<Recommendations>> recommendations(@PathVariable String id,
            @RequestParam MultiValueMap<String, String> query) {
        RecommendationRequest request = recommendations.request(id, query);
        return downstream.history(request.userId(), request.latency())
                .map(history -> recommendations.respond(request, history));
    }

    @GetMapping(WorkResource.PATH)
    public Mono<ResponseEntity<WorkResult>> work(@RequestParam MultiValueMap<String, String> query)
            throws InterruptedException {
        WorkRequest request = work.request(query);
        Mono<?> cpu = switch (request.cpuOn()) {
            // on the event loop: every other connection of this loop waits until the burn ends
            case REQUEST -> {
                work.burnCpu(request);
                yield Mono.empty();
            }
            // on a worker thread: the loop serves the others meanwhile
            case WORKERS -> Mono.fromFuture(() -> work.burnCpuOnWorkers(request));
        };
        Mono<?> io = switch (request.ioMode()) {
            // a zero wait must not hop to Reactor's timer thread: CPU-only work stays on the event loop
            case SLEEP -> request.io().isZero() ? Mono.empty() : Mono.delay(request.io());
            case DOWNSTREAM -> downstream.delay(request.io(), request.downstreamStatus());
            // the anti-pattern, on purpose: this event loop serves nothing else until the sleep ends
            case BLOCK -> {
                Thread.sleep(request.io());
                yield Mono.empty();
            }
        };
        return cpu.then(io).then(Mono.fromSupplier(() -> work.respond(request)));
    }

    @GetMapping(WhoAmIResource.PATH)
    public ResponseEntity<WhoAmI> whoAmI() {
        return whoAmI.respond();
    }
}
