package dev.concurrencylab.contract;

/** The service contract against a live {@code webflux} process (event loop). */
class WebfluxContractIT extends ServiceContract {

    WebfluxContractIT(ContractTopology topology) {
        super(ServiceVariant.WEBFLUX, topology);
    }
}
