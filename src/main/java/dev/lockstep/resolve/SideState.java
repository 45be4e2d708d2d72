package dev.lockstep.resolve;

import java.time.Instant;
import java.util.Map;

/**
 * One system's current state of a record: absent (no row), deleted (a tombstone row) or live with
 * its synced values (canonical text, by field name) and its own modified-at.
 */
public record SideState(String system, boolean present, boolean deleted, Map<String, String> values, Instant updatedAt) {

    public SideState {
        values = Values.copy(values);
    }

    public static SideState live(String system, Map<String, String> values, Instant updatedAt) {
        return new SideState(system, true, false, values, updatedAt);
    }

    public static SideState absent(String system) {
        return new SideState(system, false, false, Map.of(), null);
    }

    /** Present and not deleted. */
    public boolean live() {
        return present && !deleted;
    }

    /** What the echo filter compares: the values of a live record, or only that it is gone. */
    public String hash() {
        return Values.hash(live() ? values : Map.of(), !live());
    }
}
