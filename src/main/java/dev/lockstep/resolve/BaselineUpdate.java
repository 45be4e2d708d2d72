package dev.lockstep.resolve;

import java.util.HashMap;
import java.util.Map;

/**
 * How the baseline moves, in two steps so that a failure between the writes to the two systems can
 * never count a change twice (a counter's delta, above all):
 * <ol>
 *   <li>{@link #decided}: before anything is written, the merged state becomes the agreed state and
 *       what was read from each side is taken in (its changes are now part of the agreed state);</li>
 *   <li>{@link #written}: after each successful write, that side's baseline is what was written.</li>
 * </ol>
 * A retry after a failed write then sees no change on either side and writes only what is missing.
 */
public final class BaselineUpdate {

    private BaselineUpdate() {
    }

    public static Baseline decided(Merged merged, SideState left, SideState right) {
        return new Baseline(merged, Map.of(left.system(), SideBaseline.of(left), right.system(), SideBaseline.of(right)));
    }

    public static Baseline written(Baseline baseline, SideState before, SideWrite write) {
        Map<String, SideBaseline> sides = new HashMap<>(baseline.sides());
        sides.put(write.system(), SideBaseline.of(write.applyTo(before)));
        return new Baseline(baseline.agreed(), sides);
    }
}
