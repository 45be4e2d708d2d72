package dev.lockstep.pipeline;

/** What happened to one accepted event; stored as the inbox row's status. */
public enum Outcome {
    /** Accepted, not yet processed. */
    PENDING,
    /** Written to the target. */
    APPLIED,
    /** The target already holds exactly this version: nothing written. */
    UNCHANGED,
    /** Older than what the target already holds (or lost the tie-break): nothing written. */
    STALE,
    /** The data failed cleanup or validation: in the quarantine, nothing written. */
    QUARANTINED,
    /** Delivery failed after every retry: in the dead letters, replayable. */
    DEAD_LETTERED,
    /** Waiting behind an open dead letter of the same record; released when it is replayed or discarded. */
    HELD
}
