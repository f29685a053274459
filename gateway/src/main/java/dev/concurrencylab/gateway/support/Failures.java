package dev.concurrencylab.gateway.support;

import java.io.IOException;

import reactor.netty.channel.AbortedException;

/** Questions about a failure and its causes, asked by several gateway components. */
public final class Failures {

    private Failures() {
    }

    /**
     * Whether the connection to an upstream failed, rather than the gateway: refused, reset, closed
     * early ({@code IOException} and its kin), or closed before the request could even be sent on a
     * pooled connection the upstream had just dropped (Reactor Netty's {@link AbortedException},
     * which is not an {@code IOException}).
     */
    public static boolean isTransportFailure(Throwable failure) {
        return causedBy(failure, IOException.class) || causedBy(failure, AbortedException.class);
    }

    /** Whether the failure or any of its causes is of {@code type}. */
    public static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        return causeOf(failure, type) != null;
    }

    /** The first of the failure and its causes that is of {@code type}, or null. */
    public static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
