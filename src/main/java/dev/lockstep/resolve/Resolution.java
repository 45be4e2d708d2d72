package dev.lockstep.resolve;

import java.util.List;

/**
 * The outcome of merging a record: the merged state (null while the record is held for a person),
 * every decided conflict, and the manual conflicts still waiting.
 */
public record Resolution(Merged merged, List<Decision> decisions, List<PendingConflict> pending) {

    public Resolution {
        decisions = List.copyOf(decisions);
        pending = List.copyOf(pending);
    }

    public boolean held() {
        return !pending.isEmpty();
    }
}
