package dev.lockstep.twoway;

import dev.lockstep.resolve.SideState;

/** A row a poll read: one system's current state of one record of a pair. */
public record Observation(String pair, String key, SideState state) {

    public String system() {
        return state.system();
    }
}
