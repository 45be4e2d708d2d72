package dev.lockstep.resolve;

import java.util.Map;

/**
 * The ledger's memory of a linked record: the state both systems last agreed on, and per system
 * what Lockstep last took in from it or wrote to it.
 */
public record Baseline(Merged agreed, Map<String, SideBaseline> sides) {

    public Baseline {
        sides = Map.copyOf(sides);
    }

    public SideBaseline side(String system) {
        return sides.get(system);
    }
}
