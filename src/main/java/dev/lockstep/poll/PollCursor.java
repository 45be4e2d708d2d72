package dev.lockstep.poll;

import java.time.Instant;

/** A position in a table ordered by (modified-at, id): every row at or before it has been handed on. */
public record PollCursor(Instant modifiedAt, String lastId) {

    /** Before every row. */
    public static final PollCursor START = new PollCursor(Instant.parse("1970-01-02T00:00:00Z"), "");

    public boolean isBefore(Instant at, String id) {
        int c = modifiedAt.compareTo(at);
        return c < 0 || c == 0 && lastId.compareTo(id) < 0;
    }
}
