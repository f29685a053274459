package dev.concurrencylab.contract;

import dev.concurrencylab.launcher.Service;

/** The service contract against a live {@code mvc} process (platform thread per request). */
class MvcContractIT extends ServiceContract {

    MvcContractIT(ContractTopology topology) {
        super(Service.SERVICE_MVC, topology);
    }
}
