package dev.lockstep.runs;

import java.time.Instant;

/** One row of {@code sync_run}, as the API shows it. */
public record SyncRun(long id, String pair, String kind, String trigger, String status, Instant startedAt,
                      Instant endedAt, Instant heartbeatAt, Long total, RunCounts counts, String resumeCursor,
                      String message) {

    public static final String RUNNING = "RUNNING";
    public static final String SUCCEEDED = "SUCCEEDED";
    public static final String FAILED = "FAILED";
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The trigger of a run its pair's schedule (clustered Quartz) started. */
    public static final String SCHEDULE = "SCHEDULE";

    public boolean running() {
        return RUNNING.equals(status);
    }
}
