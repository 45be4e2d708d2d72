/**
 * Sync runs: one record per run of a pair (scheduled sync, backfill, reconciliation, nightly
 * batch) with counts that grow while it runs, so operators see live progress.
 */
package dev.lockstep.runs;
