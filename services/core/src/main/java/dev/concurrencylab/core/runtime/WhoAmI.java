package dev.concurrencylab.core.runtime;

/**
 * What {@code GET /whoami} answers: which replica of which variant handled the request, on which
 * thread, and how busy it was at that moment.
 */
public record WhoAmI(String variant, String instance, String threadingModel, String thread, boolean virtual, int inFlight) {
}
