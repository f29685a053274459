package dev.concurrencylab.lab.topology;

/** A failure the user can act on; the CLI prints its message, not a stack trace. */
public class LabException extends RuntimeException {

    public LabException(String message) {
        super(message);
    }
}
