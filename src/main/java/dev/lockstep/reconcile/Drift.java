package dev.lockstep.reconcile;

/** A key on which the two sides disagree, and how. */
public record Drift(Kind kind, String key) {

    public enum Kind {
        /** On the source side only: the target never got it, or lost it. */
        MISSING,
        /** On both sides with different content. */
        DIFFERENT,
        /** On the target side only: nothing in the source says it should be there. */
        ORPHAN
    }
}
