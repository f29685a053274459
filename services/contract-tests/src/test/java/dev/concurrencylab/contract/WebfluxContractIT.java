package dev.concurrencylab.contract;

import dev.concurrencylab.launcher.Service;

/** The service contract against a live {@code webflux} process (event loop). */
class WebfluxContractIT extends ServiceContract {

    WebfluxContractIT(ContractTopology topology) {
        super(Service.SERVICE_WEBFLUX, topology);
    }
}
