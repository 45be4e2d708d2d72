package dev.lockstep.deliver.http;

/** What a failed call to an HTTP target means for the event that caused it. */
public enum HttpFailureKind {
    /** The target asked to be left alone for a while (429, 503 with Retry-After, Salesforce REQUEST_LIMIT_EXCEEDED): wait, then send again. */
    RATE_LIMITED,
    /** Worth trying again (5xx, 408, timeouts, connection errors, an open circuit breaker): retried with back-off. */
    TRANSIENT,
    /** The target refused this request and will refuse it again (other 4xx): straight to the dead letters. */
    PERMANENT;

    /** Whether a failure of this kind says the target itself is unwell, which is what the circuit breaker counts. */
    public boolean targetUnwell() {
        return this == TRANSIENT;
    }
}
