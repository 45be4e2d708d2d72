package dev.lockstep.runs;

import dev.lockstep.metrics.PairMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code sync_run} table: every run of every pair, with counts that grow while it runs. A run
 * is started, advanced page by page ({@link #advance}: counts added, resume cursor saved, heartbeat
 * moved) and finished once. Counts are added in the database, so replicas and pages never overwrite
 * each other's figures.
 */
@Component
public class SyncRuns {

    private static final String COLUMNS = "id, pair, kind, run_trigger, status, started_at, ended_at, heartbeat_at, "
            + "rows_total, rows_read, rows_written, rows_unchanged, conflicts, quarantined, failed, resume_cursor, message";

    private final JdbcTemplate jdbc;
    private final PairMetrics metrics;

    public SyncRuns(@Qualifier("lockstepDataSource") DataSource lockstep, PairMetrics metrics) {
        this.jdbc = new JdbcTemplate(lockstep);
        this.metrics = metrics;
    }

    /** Records a new RUNNING run and returns its id. */
    public long start(String pair, String kind, String trigger) {
        Long id = jdbc.queryForObject("INSERT INTO sync_run (pair, kind, run_trigger) VALUES (?, ?, ?) RETURNING id",
                Long.class, pair, kind, trigger);
        return id;
    }

    /** Sets the total number of rows, once it is known (e.g. from a count before a backfill). */
    public void total(long id, long total) {
        jdbc.update("UPDATE sync_run SET rows_total = ? WHERE id = ?", total, id);
    }

    /** Adds one page's counts, saves where a resumed run would continue (null keeps it), and beats. */
    public void advance(long id, RunCounts page, String resumeCursor) {
        List<String> pair = jdbc.queryForList("UPDATE sync_run SET rows_read = rows_read + ?, rows_written = rows_written + ?, "
                        + "rows_unchanged = rows_unchanged + ?, conflicts = conflicts + ?, quarantined = quarantined + ?, "
                        + "failed = failed + ?, resume_cursor = coalesce(?, resume_cursor), heartbeat_at = now() WHERE id = ? "
                        + "RETURNING pair", String.class,
                page.read(), page.written(), page.unchanged(), page.conflicts(), page.quarantined(), page.failed(),
                resumeCursor, id);
        pair.forEach(p -> metrics.runRows(p, page.read(), page.written(), page.unchanged(), page.conflicts(),
                page.quarantined(), page.failed()));
    }

    /** Ends a run: SUCCEEDED, FAILED or INTERRUPTED, with an optional message (the cause of a failure). */
    public void finish(long id, String status, String message) {
        jdbc.update("UPDATE sync_run SET status = ?, message = ?, ended_at = now(), heartbeat_at = now() "
                + "WHERE id = ? AND status = 'RUNNING'", status, message, id);
    }

    /**
     * Takes over the RUNNING runs of {@code pair} whose heartbeat is older than {@code staleAfter}
     * (their replica died): their heartbeat is moved, so of several replicas asking at once only one
     * gets each run.
     */
    public List<SyncRun> claimStale(String pair, java.time.Duration staleAfter) {
        return jdbc.query("UPDATE sync_run SET heartbeat_at = now() WHERE pair = ? AND status = 'RUNNING' "
                + "AND heartbeat_at < now() - make_interval(secs => ?) RETURNING " + COLUMNS, SyncRuns::row,
                pair, staleAfter.toMillis() / 1000.0);
    }

    /** Whether a run of {@code pair} other than {@code except} is RUNNING with a heartbeat newer than {@code staleAfter}. */
    public boolean busy(String pair, long except, java.time.Duration staleAfter) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM sync_run WHERE pair = ? AND status = 'RUNNING' "
                + "AND id <> ? AND heartbeat_at >= now() - make_interval(secs => ?))", Boolean.class, pair, except,
                staleAfter.toMillis() / 1000.0));
    }

    public Optional<SyncRun> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sync_run WHERE id = ?", SyncRuns::row, id).stream().findFirst();
    }

    /** The newest runs first, optionally of one pair and/or one status. */
    public List<SyncRun> list(String pair, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sync_run WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (pair != null) {
            sql.append(" AND pair = ?");
            args.add(pair);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), SyncRuns::row, args.toArray());
    }

    /*
     * A loose index scan over sync_run_pair_started: hop from one pair to the next, then take each
     * pair's newest run, so a frequently polled pair's many runs are never read (the dashboard asks
     * every few seconds; a 10 s poll adds 8,640 runs a day).
     */
    private static final String LATEST_PER_PAIR = """
            WITH RECURSIVE pairs (pair) AS (
                (SELECT pair FROM sync_run ORDER BY pair LIMIT 1)
                UNION ALL
                SELECT (SELECT s.pair FROM sync_run s WHERE s.pair > p.pair ORDER BY s.pair LIMIT 1)
                FROM pairs p WHERE p.pair IS NOT NULL)
            SELECT r.* FROM pairs p CROSS JOIN LATERAL (
                SELECT %s FROM sync_run WHERE sync_run.pair = p.pair ORDER BY started_at DESC, id DESC LIMIT 1) r
            WHERE p.pair IS NOT NULL ORDER BY r.pair""";

    /** The newest run of every pair that has run, by pair: the dashboard's "last runs". */
    public List<SyncRun> latestPerPair() {
        return jdbc.query(LATEST_PER_PAIR.formatted(COLUMNS), SyncRuns::row);
    }

    /** The newest run of a pair, if any (for the pairs view: last run). */
    public Optional<SyncRun> last(String pair) {
        return list(pair, null, 1).stream().findFirst();
    }

    private static SyncRun row(ResultSet rs, int n) throws SQLException {
        Long total = rs.getObject("rows_total") == null ? null : rs.getLong("rows_total");
        return new SyncRun(rs.getLong("id"), rs.getString("pair"), rs.getString("kind"), rs.getString("run_trigger"),
                rs.getString("status"), instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
                instant(rs.getTimestamp("heartbeat_at")), total,
                new RunCounts(rs.getLong("rows_read"), rs.getLong("rows_written"), rs.getLong("rows_unchanged"),
                        rs.getLong("conflicts"), rs.getLong("quarantined"), rs.getLong("failed")),
                rs.getString("resume_cursor"), rs.getString("message"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
