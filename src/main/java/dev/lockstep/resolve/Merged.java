package dev.lockstep.resolve;

import java.util.Map;

/** The state both systems should hold: deleted, or live with these values. */
public record Merged(boolean deleted, Map<String, String> values) {
    public Merged {
        values = Values.copy(values);
    }
}
