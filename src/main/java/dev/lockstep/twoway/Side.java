package dev.lockstep.twoway;

import dev.lockstep.poll.KeysetPoller;
import dev.lockstep.poll.PollCursor;
import dev.lockstep.resolve.SideState;
import dev.lockstep.resolve.SideWrite;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One system of a two-way pair, however it is reached: a database table ({@link JdbcSide}) or a
 * Salesforce sObject ({@code dev.lockstep.salesforce.SalesforceSide}). The engine (poll, echo
 * filter, merge, ledger) only speaks {@link SideState}s and {@link SideWrite}s through this.
 */
public interface Side {

    /** A write to make, the record as it was read, and what became of it. */
    record PendingWrite(String key, SideState before, SideWrite write) {
    }

    /**
     * A write not made for this record alone (the others of its batch landed): the system refused
     * it ({@code error}), or the record changed since it was read ({@code changedMeanwhile}: it is
     * resolved again).
     */
    record Refused(String key, String error, boolean changedMeanwhile) {
    }

    String system();

    /** How many API calls this side has made since start-up (for systems that count them against a limit; else 0). */
    default long apiCalls() {
        return 0;
    }

    /**
     * Reads what changed since {@code from} (re-reading {@code overlap} before it), page by page,
     * each row as an {@link Observation}; returns the rows read and the cursor reached.
     */
    KeysetPoller.Result poll(String pair, PollCursor from, Duration overlap, int pageSize, int maxRows,
                             Consumer<List<Observation>> onPage);

    /** The record as it is now, or absent. */
    SideState read(String key);

    /** Several records as they are now (absent ones included); a system may read them in one call. */
    default Map<String, SideState> readAll(Collection<String> keys) {
        Map<String, SideState> states = new LinkedHashMap<>();
        keys.forEach(k -> states.put(k, read(k)));
        return states;
    }

    /**
     * Makes {@code write} on the record as it was read ({@code before}).
     *
     * @param hardDelete a delete removes the record instead of marking it deleted
     * @throws ConcurrentChangeException the record changed since it was read; nothing was written
     */
    void apply(String key, SideState before, SideWrite write, boolean hardDelete);

    /**
     * Makes several writes; a system may send them in batches. Returns the writes not made, record
     * by record (the rest landed). A failure of the whole call (unreachable, rate limited) is thrown.
     */
    default List<Refused> applyAll(List<PendingWrite> writes, boolean hardDelete) {
        List<Refused> refused = new java.util.ArrayList<>();
        for (PendingWrite w : writes) {
            try {
                apply(w.key(), w.before(), w.write(), hardDelete);
            } catch (ConcurrentChangeException e) {
                refused.add(new Refused(w.key(), e.getMessage(), true));
            } catch (org.springframework.dao.DataIntegrityViolationException e) {
                // The database refused this row (a constraint): the record's own problem, not the system's.
                refused.add(new Refused(w.key(), e.getMostSpecificCause().getMessage(), false));
            }
        }
        return refused;
    }
}
