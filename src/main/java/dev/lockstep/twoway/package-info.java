/**
 * The two-way pipeline: each scheduled run polls both systems of a pair, hands every change on to
 * the coalescing aggregator, and each coalesced record is resolved against the ledger by
 * {@link dev.lockstep.resolve.MergeEngine} and written to the systems that differ from the merged state.
 * A system is a {@link dev.lockstep.twoway.Side}: a database table ({@link dev.lockstep.twoway.JdbcSide})
 * or, through a {@link dev.lockstep.twoway.SideFactory}, another connector (Salesforce). A pair whose
 * calls are metered resolves each run's changes in batches instead ({@link dev.lockstep.twoway.TwoWayBatchResolver}),
 * and records its runs ({@link dev.lockstep.twoway.TwoWayRunRecorder}).
 */
package dev.lockstep.twoway;
