package dev.concurrencylab.core.params;

/**
 * A request parameter the client got wrong: names the parameter, the value given and what is
 * allowed, so the 400 problem+json that reports it tells the client how to fix the request.
 */
public class InvalidParameterException extends RuntimeException {

    /** Values are echoed back to the client; a longer one is cut so a response stays small. */
    private static final int MAX_ECHOED_LENGTH = 64;

    private final String parameter;
    private final String value;
    private final String allowed;

    public InvalidParameterException(String parameter, String value, String allowed, String reason) {
        super("Parameter '%s' %s: allowed %s".formatted(parameter, reason, allowed));
        this.parameter = parameter;
        this.value = value == null || value.length() <= MAX_ECHOED_LENGTH
                ? value
                : value.substring(0, MAX_ECHOED_LENGTH) + "...";
        this.allowed = allowed;
    }

    public String parameter() {
        return parameter;
    }

    /** The value as given (cut to a bounded length), or null when the parameter was absent. */
    public String value() {
        return value;
    }

    public String allowed() {
        return allowed;
    }
}
