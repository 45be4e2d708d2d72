package dev.lockstep.runs;

import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code sync_run} from growing without end: a scheduled two-way pair records a run every few
 * seconds, most of them finding nothing. Finished runs older than {@code lockstep.runs.retention}
 * (30 days) are deleted, and finished runs that read nothing older than
 * {@code lockstep.runs.idle-retention} (1 day). Running runs are never touched. Called by the
 * {@code lockstep-housekeeping} route; safe on every replica at once (a delete by age).
 */
@Component("runRetention")
public class RunRetention {

    private static final Logger log = LoggerFactory.getLogger(RunRetention.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;
    private final Duration idleRetention;

    public RunRetention(@Qualifier("lockstepDataSource") DataSource lockstep,
                        @Value("${lockstep.runs.retention:30d}") Duration retention,
                        @Value("${lockstep.runs.idle-retention:1d}") Duration idleRetention) {
        this.jdbc = new JdbcTemplate(lockstep);
        this.retention = retention;
        this.idleRetention = idleRetention;
    }

    /** Deletes what is past its retention; returns how many runs were deleted. */
    public int sweep() {
        int old = jdbc.update("DELETE FROM sync_run WHERE status <> 'RUNNING' AND ended_at < now() - make_interval(secs => ?)",
                (double) retention.toSeconds());
        int idle = jdbc.update("DELETE FROM sync_run WHERE status <> 'RUNNING' AND rows_read = 0 AND rows_written = 0 "
                + "AND failed = 0 AND ended_at < now() - make_interval(secs => ?)", (double) idleRetention.toSeconds());
        if (old + idle > 0) {
            log.info("Run retention: deleted {} runs older than {} and {} idle runs older than {}", old, retention, idle, idleRetention);
        }
        return old + idle;
    }
}
