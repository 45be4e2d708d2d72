package dev.lockstep.resolve;

/**
 * A conflict and how it was decided: the field ({@value #RECORD} for a delete against an edit),
 * both systems' values, the baseline's value, the rule, the winning system (or {@code both} for a
 * counter, {@code person} for a manual choice), and the value taken.
 */
public record Decision(String field, String leftSystem, String leftValue, String rightSystem, String rightValue,
                       String baseValue, String rule, String winner, String value) {

    /** The field name of a delete-against-edit conflict, which concerns the whole record. */
    public static final String RECORD = "(record)";
}
