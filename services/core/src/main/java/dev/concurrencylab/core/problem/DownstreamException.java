package dev.concurrencylab.core.problem;

import org.springframework.http.HttpStatus;

/**
 * Downstream did not give a usable answer. Each variant's HTTP client translates its own
 * exceptions into one of these kinds, so all variants answer a failure with the same status.
 */
public class DownstreamException extends RuntimeException {

    /** What went wrong, and the status the service answers with. */
    public enum Kind {
        /** Could not connect, or the connection broke: 502. */
        UNREACHABLE(HttpStatus.BAD_GATEWAY, "downstream-unreachable", "Downstream unreachable"),
        /** Downstream answered with an error status: 502. */
        ERROR_STATUS(HttpStatus.BAD_GATEWAY, "downstream-error", "Downstream answered with an error"),
        /** No answer within {@code lab.downstream.response-timeout}: 504. */
        TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "downstream-timeout", "Downstream timed out"),
        /** Every pooled connection was busy for {@code lab.downstream.pool-acquire-timeout}: 503. */
        POOL_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE, "downstream-pool-exhausted", "Downstream connection pool exhausted");

        private final HttpStatus status;
        private final String problemType;
        private final String title;

        Kind(HttpStatus status, String problemType, String title) {
            this.status = status;
            this.problemType = problemType;
            this.title = title;
        }

        public HttpStatus status() {
            return status;
        }

        public String problemType() {
            return problemType;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;
    private final Integer downstreamStatus;

    public DownstreamException(Kind kind, String detail, Throwable cause) {
        this(kind, detail, null, cause);
    }

    public DownstreamException(Kind kind, String detail, Integer downstreamStatus, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.downstreamStatus = downstreamStatus;
    }

    public static DownstreamException errorStatus(int status, Throwable cause) {
        return new DownstreamException(Kind.ERROR_STATUS, "Downstream answered " + status, status, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The status downstream answered with, for {@link Kind#ERROR_STATUS}; otherwise null. */
    public Integer downstreamStatus() {
        return downstreamStatus;
    }
}
