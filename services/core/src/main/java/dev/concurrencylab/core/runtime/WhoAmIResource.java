package dev.concurrencylab.core.runtime;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

import dev.concurrencylab.common.runtime.InFlightRequests;
import dev.concurrencylab.common.runtime.Variant;

/**
 * {@code GET /whoami}: makes load balancing and the threading model visible with curl. Must be
 * called on the thread that handles the request, which is what it reports.
 */
public final class WhoAmIResource {

    public static final String PATH = "/whoami";

    private final Variant variant;
    private final String instanceId;
    private final InFlightRequests inFlight;

    public WhoAmIResource(Variant variant, String instanceId, InFlightRequests inFlight) {
        this.variant = variant;
        this.instanceId = instanceId;
        this.inFlight = inFlight;
    }

    public ResponseEntity<WhoAmI> respond() {
        Thread thread = Thread.currentThread();
        WhoAmI whoAmI = new WhoAmI(variant.name(), instanceId, variant.threadingModel(),
                thread.getName().isEmpty() ? thread.toString() : thread.getName(), thread.isVirtual(),
                inFlight.current());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(whoAmI);
    }
}
