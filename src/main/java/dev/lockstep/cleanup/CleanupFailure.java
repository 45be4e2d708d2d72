package dev.lockstep.cleanup;

/** A value that a cleanup rule cannot turn into a clean one; the message says why. */
public class CleanupFailure extends RuntimeException {
    public CleanupFailure(String reason) {
        super(reason, null, false, false);
    }
}
