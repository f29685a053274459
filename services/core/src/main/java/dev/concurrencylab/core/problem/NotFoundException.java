package dev.concurrencylab.core.problem;

/** A well-formed request for something that does not exist: 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String detail) {
        super(detail);
    }
}
