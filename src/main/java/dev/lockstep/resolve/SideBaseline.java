package dev.lockstep.resolve;

import java.util.Map;

/**
 * What Lockstep last took in from one system, or wrote to it, for one record: changes on that side
 * are measured against it. Kept per system, so a write that reached one side and not yet the other
 * is never counted twice.
 */
public record SideBaseline(boolean present, boolean deleted, Map<String, String> values) {

    public SideBaseline {
        values = Values.copy(values);
    }

    public static SideBaseline of(SideState state) {
        return new SideBaseline(state.present(), state.deleted(), state.live() ? state.values() : Map.of());
    }

    /** The same hash as {@link SideState#hash()} of the state this baseline was taken from. */
    public String hash() {
        return Values.hash(live() ? values : Map.of(), !live());
    }

    public boolean live() {
        return present && !deleted;
    }
}
