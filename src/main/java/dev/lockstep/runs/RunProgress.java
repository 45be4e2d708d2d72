package dev.lockstep.runs;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a run is: rows done, the total when known, rows per second since it started, the share
 * done and, while it runs with a known total, the estimated seconds left. Used by the API, the
 * dashboard's progress bars and the progress log lines alike.
 */
public record RunProgress(long done, Long total, double rowsPerSecond, Double percent, Long etaSeconds) {

    public static RunProgress of(SyncRun run, Instant now) {
        long done = run.counts().read();
        Instant end = run.endedAt() != null ? run.endedAt() : now;
        double seconds = Math.max(0.001, Duration.between(run.startedAt(), end).toMillis() / 1000.0);
        double rate = done / seconds;
        Double percent = run.total() == null || run.total() == 0 ? null : Math.min(100.0, 100.0 * done / run.total());
        Long eta = null;
        if (run.running() && run.total() != null && rate > 0) {
            eta = Math.max(0, Math.round((run.total() - done) / rate));
        }
        return new RunProgress(done, run.total(), Math.round(rate * 10) / 10.0,
                percent == null ? null : Math.round(percent * 10) / 10.0, eta);
    }

    /** One line for the logs: {@code 120000/1000000 rows (12.0%), 8400.0 rows/s, ETA 105 s}. */
    public String line() {
        StringBuilder s = new StringBuilder().append(done);
        if (total != null) {
            s.append('/').append(total);
        }
        s.append(" rows");
        if (percent != null) {
            s.append(" (").append(percent).append("%)");
        }
        s.append(", ").append(rowsPerSecond).append(" rows/s");
        if (etaSeconds != null) {
            s.append(", ETA ").append(etaSeconds).append(" s");
        }
        return s.toString();
    }
}
