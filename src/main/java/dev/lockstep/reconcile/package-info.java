/**
 * Reconciliation sweeps, reusable by every pair: each side lists its records as (key, hash) pairs
 * in key order, page by page ({@link dev.lockstep.reconcile.ReconcileSide}); the
 * {@link dev.lockstep.reconcile.DriftComparer} streams both sides at once and names each drifted
 * key as missing (only on the source side), different (hashes differ) or orphan (only on the target
 * side); a pair's {@link dev.lockstep.reconcile.DriftRepairer} repairs what it can; the
 * {@link dev.lockstep.reconcile.DriftReport} says what was found, for the run record. Neither side
 * is held in memory: only the current page of each.
 */
package dev.lockstep.reconcile;
