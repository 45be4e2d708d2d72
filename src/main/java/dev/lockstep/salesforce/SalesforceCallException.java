package dev.lockstep.salesforce;

/** A call to Salesforce failed as a whole (unreachable, refused, an unexpected answer): the run fails and is retried. */
public class SalesforceCallException extends RuntimeException {
    public SalesforceCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
