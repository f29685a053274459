package dev.concurrencylab.mvc;

import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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
 * The service contract in the blocking model: the handling thread waits for every I/O
 * ({@code Thread.sleep}, a blocking HTTP call) and holds on to the request until it is answered.
 * Parsing, CPU work and responses live in lab-core; read this side by side with webflux's
 * ServiceController to see exactly what the concurrency model changes.
 */
@RestController
public class ServiceController {

    private final ProductResource products;
    private final RecommendationResource recommendations;
    private final WorkResource work;
    private final WhoAmIResource whoAmI;
    private final BlockingDownstreamClient downstream;

    public ServiceController(ProductResource products, RecommendationResource recommendations, WorkResource work,
            WhoAmIResource whoAmI, BlockingDownstreamClient downstream) {
        this.products = products;
        this.recommendations = recommendations;
        this.work = work;
        this.whoAmI = whoAmI;
        this.downstream = downstream;
    }

    @GetMapping(ProductResource.PATH)
    public ResponseEntity<Product> product(@PathVariable String id, @RequestParam MultiValueMap<String, String> query) {
        ProductRequest request = products.request(id, query);
        return products.respond(request, downstream.inventory(request.productId(), request.latency()));
    }

    @GetMapping(RecommendationResource.PATH)
    public ResponseEntity<Recommendations> recommendations(@PathVariable String id,
            @RequestParam MultiValueMap<String, String> query) {
        RecommendationRequest request = recommendations.request(id, query);
        return recommendations.respond(request, downstream.history(request.userId(), request.latency()));
    }

    @GetMapping(WorkResource.PATH)
    public ResponseEntity<WorkResult> work(@RequestParam MultiValueMap<String, String> query) throws InterruptedException {
        WorkRequest request = work.request(query);
        switch (request.cpuOn()) {
            case REQUEST -> work.burnCpu(request);
            // the thread waits for a worker: a platform thread blocks, a virtual one unmounts from its carrier
            case WORKERS -> work.burnCpuOnWorkers(request).join();
        }
        switch (request.ioMode()) {
            // blocking is this model's way of waiting: io-mode=block changes nothing here
            case SLEEP, BLOCK -> Thread.sleep(request.io());
            case DOWNSTREAM -> downstream.delay(request.io(), request.downstreamStatus());
        }
        return work.respond(request);
    }

    @GetMapping(WhoAmIResource.PATH)
    public ResponseEntity<WhoAmI> whoAmI() {
        return whoAmI.respond();
    }
}
