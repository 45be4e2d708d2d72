package dev.lockstep.twoway;

/**
 * A system changed a record between Lockstep reading it and writing it: the write was not made
 * (it would have overwritten that change). The record is resolved again from fresh reads.
 */
public class ConcurrentChangeException extends RuntimeException {
    public ConcurrentChangeException(String message) {
        super(message);
    }
}
