package dev.lockstep.tablesync;

import dev.lockstep.poll.PollCursor;
import dev.lockstep.runs.RunCounts;
import java.time.Instant;

/**
 * One run of a table pair while it goes (an exchange property of the run's route): where it reads
 * next, whether more pages follow, and when it last logged its progress.
 */
public final class TableRun {

    /** The exchange property holding it. */
    public static final String PROPERTY = "lockstepTableRun";

    final TablePair pair;
    final long id;
    final String kind;
    /** The pair's saved cursor when the run started (a sync moves it; a backfill reads from the start). */
    final PollCursor savedCursor;
    // Written by the commit thread, read by the route after awaitCommit (Future.get orders them).
    volatile PollCursor position;
    /** Whether the pair had open dead letters when the run started (else no page needs to look them up). */
    boolean deadLettersAtStart = true;
    volatile Instant lastProgressLog = Instant.now();
    volatile RunCounts counts = RunCounts.NONE;
    /** The last page's commit, running on the commit thread. */
    java.util.concurrent.Future<?> lastCommit;
    private java.util.concurrent.ExecutorService committer;
    /** The next page, read and planned ahead while this one is written (one page ahead at most). */
    java.util.concurrent.Future<TablePage> next;
    private java.util.concurrent.ExecutorService readAhead;

    TableRun(TablePair pair, long id, String kind, PollCursor savedCursor, PollCursor position) {
        this.pair = pair;
        this.id = id;
        this.kind = kind;
        this.savedCursor = savedCursor;
        this.position = position;
    }

    /** The run's read-ahead thread, started on first use. */
    java.util.concurrent.ExecutorService readAhead() {
        if (readAhead == null) {
            readAhead = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lockstep-read-ahead-" + pair.pair() + "-" + id);
                t.setDaemon(true);
                return t;
            });
        }
        return readAhead;
    }

    /** The run's commit thread, started on first use. */
    java.util.concurrent.ExecutorService committer() {
        if (committer == null) {
            committer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lockstep-commit-" + pair.pair() + "-" + id);
                t.setDaemon(true);
                return t;
            });
        }
        return committer;
    }

    /** Waits for the last page commit; its failure is thrown here. */
    void awaitCommit() throws Exception {
        java.util.concurrent.Future<?> pending = lastCommit;
        lastCommit = null;
        if (pending != null) {
            try {
                pending.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
    }

    /** Stops reading ahead (the run has ended): a page read ahead and not committed is simply dropped. */
    void close() {
        if (committer != null) {
            committer.shutdown();
        }
        if (next != null) {
            next.cancel(true);
        }
        if (readAhead != null) {
            readAhead.shutdownNow();
        }
    }

    public long id() {
        return id;
    }

    /** A resume cursor as {@code sync_run.resume_cursor} keeps it: {@code <modified-at ISO-8601>|<id>}. */
    static String text(PollCursor cursor) {
        return cursor.modifiedAt() + "|" + cursor.lastId();
    }

    static PollCursor parse(String text) {
        int bar = text.indexOf('|');
        return new PollCursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
    }
}
