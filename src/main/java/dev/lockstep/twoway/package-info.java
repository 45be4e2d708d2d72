/**
 * The two-way pipeline: each scheduled run polls both systems of a pair, hands every change on to
 * the coalescing aggregator, and each coalesced record is resolved against the ledger by
 * {@link dev.lockstep.resolve.MergeEngine} and written to the systems that differ from the merged state.
 */
package dev.lockstep.twoway;
