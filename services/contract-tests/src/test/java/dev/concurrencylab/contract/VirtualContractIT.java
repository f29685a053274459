package dev.concurrencylab.contract;

import dev.concurrencylab.launcher.Service;

/** The service contract against a live {@code virtual} process (virtual thread per request). */
class VirtualContractIT extends ServiceContract {

    VirtualContractIT(ContractTopology topology) {
        super(Service.SERVICE_VIRTUAL, topology);
    }
}
