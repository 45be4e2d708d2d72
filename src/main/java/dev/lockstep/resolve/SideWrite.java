package dev.lockstep.resolve;

import java.util.Map;
import java.util.Objects;

/** What must be written to one system so that it holds the merged state; {@link Kind#NONE} when it already does. */
public record SideWrite(String system, Kind kind, Map<String, String> values) {

    public enum Kind {
        /** The system already holds the merged state: nothing is written. */
        NONE,
        /** The record does not exist there: insert it. */
        INSERT,
        /** Write the values (and revive it, if it was deleted there). */
        UPDATE,
        /** Delete it there, as the pair's delete policy says. */
        DELETE
    }

    public SideWrite {
        values = Values.copy(values);
    }

    /** The write that brings {@code side} to {@code merged}. */
    public static SideWrite toReach(SideState side, Merged merged) {
        if (merged.deleted()) {
            return new SideWrite(side.system(), side.live() ? Kind.DELETE : Kind.NONE, Map.of());
        }
        if (!side.present()) {
            return new SideWrite(side.system(), Kind.INSERT, merged.values());
        }
        boolean differs = side.deleted() || merged.values().entrySet().stream()
                .anyMatch(e -> !Objects.equals(e.getValue(), side.values().get(e.getKey())));
        return new SideWrite(side.system(), differs ? Kind.UPDATE : Kind.NONE, merged.values());
    }

    /** The state the system holds after this write (for the baseline of that system). */
    public SideState applyTo(SideState side) {
        return switch (kind) {
            case NONE -> side;
            case INSERT, UPDATE -> new SideState(side.system(), true, false, values, side.updatedAt());
            case DELETE -> new SideState(side.system(), true, true, side.values(), side.updatedAt());
        };
    }
}
