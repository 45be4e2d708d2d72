package dev.lockstep.deliver.http;

import java.time.Duration;

/**
 * A call that reached the target and was answered with a failure. The message names the status,
 * the method and the path, and an excerpt of the response body: it is what the dead letter shows.
 * It never holds request headers (the API key travels in one).
 */
public class HttpDeliveryException extends RuntimeException {

    private final HttpFailureKind kind;
    private final int status;
    private final Duration retryAfter;

    public HttpDeliveryException(HttpFailureKind kind, int status, Duration retryAfter, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public HttpFailureKind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** How long the target asked us to wait (already capped), or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
