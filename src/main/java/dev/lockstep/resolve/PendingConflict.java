package dev.lockstep.resolve;

/** A manual conflict waiting for a person: the record is held, nothing is written. */
public record PendingConflict(String field, String leftSystem, String leftValue, String rightSystem, String rightValue,
                              String baseValue) {
}
