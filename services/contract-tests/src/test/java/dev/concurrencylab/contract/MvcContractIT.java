package dev.concurrencylab.contract;

/** The service contract against a live {@code mvc} process (platform thread per request). */
class MvcContractIT extends ServiceContract {

    MvcContractIT(ContractTopology topology) {
        super(ServiceVariant.MVC, topology);
    }
}
