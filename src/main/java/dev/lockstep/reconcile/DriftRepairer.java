package dev.lockstep.reconcile;

import java.util.List;

/**
 * What a pair does about drift: called with the drifts found, a batch at a time, while the
 * comparison goes on. Orphans are passed too; a repairer may leave them alone (they are reported).
 */
@FunctionalInterface
public interface DriftRepairer {

    void repair(List<Drift> drifts);
}
