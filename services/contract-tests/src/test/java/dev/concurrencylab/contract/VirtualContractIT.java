package dev.concurrencylab.contract;

/** The service contract against a live {@code virtual} process (virtual thread per request). */
class VirtualContractIT extends ServiceContract {

    VirtualContractIT(ContractTopology topology) {
        super(ServiceVariant.VIRTUAL, topology);
    }
}
