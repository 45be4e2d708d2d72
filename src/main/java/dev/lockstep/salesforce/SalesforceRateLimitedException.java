package dev.lockstep.salesforce;

/**
 * Salesforce answered {@code REQUEST_LIMIT_EXCEEDED} (the org used up its API requests), or an
 * earlier answer did and the wait is not over: no call is made until it is.
 */
public class SalesforceRateLimitedException extends RuntimeException {
    public SalesforceRateLimitedException(String message) {
        super(message);
    }
}
