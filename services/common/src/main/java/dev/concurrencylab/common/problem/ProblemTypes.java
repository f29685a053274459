package dev.concurrencylab.common.problem;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * What every lab app's RFC 9457 problems share: the type URN ({@code urn:concurrency-lab:problem:<kind>})
 * and the body for a request the web server rejects before any application code runs. The
 * services build their problems in {@code lab-core}'s {@code Problems}, the gateway in its own
 * {@code GatewayProblems}; both name their kinds with {@link #PREFIX}.
 */
public final class ProblemTypes {

    public static final String PREFIX = "urn:concurrency-lab:problem:";

    private ProblemTypes() {
    }

    /**
     * The body for a request the web server rejects before any application code runs (an
     * unparseable URL or header, a request line or headers over the server's limits): no
     * {@code instance}, since the request itself is what is broken or was not read.
     */
    public static String malformedRequestJson(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Bad request" : known.getReasonPhrase();
        String detail = switch (status) {
            case 414 -> "The request line (method, path and query) is longer than the server accepts";
            case 431 -> "The request's header fields are larger than the server accepts";
            default -> "The request could not be parsed: %s (for example broken percent-encoding in the URL)"
                    .formatted(title.toLowerCase(Locale.ROOT));
        };
        return "{\"type\":\"%sbad-request\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                .formatted(PREFIX, title, status, detail);
    }
}
