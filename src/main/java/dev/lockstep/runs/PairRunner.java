package dev.lockstep.runs;

import java.util.Set;

/**
 * A pair that can be run on demand: a scheduled sync now, a backfill (full initial load), or a
 * reconciliation sweep. Each scheduled pair contributes one bean; {@code POST /api/pairs/{pair}/runs}
 * finds it by {@link #pair()}.
 */
public interface PairRunner {

    String SYNC = "SYNC";
    String BACKFILL = "BACKFILL";
    String RECONCILE = "RECONCILE";

    String pair();

    /** The kinds of run this pair offers, e.g. {@code SYNC} and {@code BACKFILL}. */
    Set<String> kinds();

    /**
     * Starts a run of the given kind in the background and returns its {@code sync_run} id at once.
     *
     * @throws IllegalStateException when it cannot start now (e.g. one is already running): a 409
     */
    long start(String kind, String trigger);
}
