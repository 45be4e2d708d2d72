/**
 * Scheduled one-way sync of a table, at database speed: a run reads the source page by page by the
 * persisted {@code (modified_at, id)} cursor (package {@code poll}), and per page maps every row,
 * looks the page up in the ledger in one query, decides each row (unchanged by content hash, stale by
 * modified-at), writes the target in one JDBC batch, and commits the ledger, the cursor and the run's
 * counts in one transaction — the cursor never moves past a page that is not committed. A batch the
 * target refuses is written again row by row, so only the failing rows go to the dead letters.
 * The next page is read and planned on a read-ahead thread while the current one is written (one page
 * ahead at most, so memory does not grow with the table). Backfills (full loads) save their position
 * per page and are resumed after a crash.
 */
package dev.lockstep.tablesync;
