package dev.lockstep.cleanup;

/** One reason a record cannot be synced: the field, the value it had, and why. */
public record Violation(String field, Object value, String reason) {
}
