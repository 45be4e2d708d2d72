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
    PollCursor position;
    Instant lastProgressLog = Instant.now();
    RunCounts counts = RunCounts.NONE;

    TableRun(TablePair pair, long id, String kind, PollCursor savedCursor, PollCursor position) {
        this.pair = pair;
        this.id = id;
        this.kind = kind;
        this.savedCursor = savedCursor;
        this.position = position;
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
