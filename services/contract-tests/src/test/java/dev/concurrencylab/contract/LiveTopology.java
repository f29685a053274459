package dev.concurrencylab.contract;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link ContractTopology}, started on first use and kept in JUnit's root store,
 * so every test class and every variant invocation shares the same processes and JUnit stops them
 * at the end of the run.
 */
final class LiveTopology implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LiveTopology.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ContractTopology.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(ContractTopology.class, key -> ContractTopology.start(), ContractTopology.class);
    }
}
