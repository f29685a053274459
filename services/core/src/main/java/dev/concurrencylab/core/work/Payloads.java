package dev.concurrencylab.core.work;

/**
 * Response payloads of a requested size. One template of the largest allowed size is built once;
 * a payload is a prefix of it, so generating one costs a copy, not CPU the request did not ask for.
 */
public final class Payloads {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String template;

    public Payloads(int maxBytes) {
        StringBuilder text = new StringBuilder(maxBytes);
        for (int i = 0; i < maxBytes; i++) {
            text.append(ALPHABET.charAt(i % ALPHABET.length()));
        }
        this.template = text.toString();
    }

    /** ASCII text of exactly {@code bytes} bytes. */
    public String of(int bytes) {
        return template.substring(0, bytes);
    }
}
