package dev.lockstep.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.PreparedStatementCreator;

/**
 * A statement PostgreSQL plans anew for each execution, with that execution's values.
 *
 * <p>Why: the batch look-ups ({@code source_id = ANY (?)}, {@code email IN (?, ?, ...)}) run many
 * times on one connection, so the driver makes them server-side prepared statements, and after five
 * runs PostgreSQL may keep one generic plan for good. When those first runs meet a table that is
 * still nearly empty (a new pair, a new deployment), that plan is a sequential scan, and it stays one
 * while the table grows to millions of rows: measured on the webhook benchmark, 20–45 ms per look-up
 * at 60,000 rows instead of under 1 ms, until an autovacuum ANALYZE happened to replace it. Planning
 * a look-up of a whole batch costs a fraction of a millisecond. Other databases' drivers are left as
 * they are (MariaDB's prepares on the client by default).
 *
 * <p>Planning each execution is not enough on its own: the planner still goes by the table's
 * statistics, and statistics go stale — a table that grew from nothing since its last ANALYZE, or a
 * server with autovacuum off. On such a server the webhook benchmark's {@code source_id = ANY (?)}
 * over 100,000 ledger rows became a bitmap scan of the whole pair (90-200 ms for 1,000 keys), and
 * the billing match keys' {@code email IN (...)} a sequential scan (140 ms). So the batch look-ups
 * on PostgreSQL take their keys as an array and probe for each key with a correlated sub-select:
 * {@code FROM unnest(?::text[]) AS k (id) CROSS JOIN LATERAL (SELECT ... WHERE id = k.id OFFSET 0)}.
 * {@code OFFSET 0} keeps the planner from flattening it into a join; as a sub-select run once per key
 * its cheapest plan is an index probe whatever the statistics say (3-7 ms for the same 1,000 keys).
 */
public final class PerExecutionPlan {

    private PerExecutionPlan() {
    }

    /** {@code sql} with {@code args} bound as {@link org.springframework.jdbc.core.JdbcTemplate} binds them. */
    public static PreparedStatementCreator of(String sql, Object... args) {
        return con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            try {
                unprepared(ps);
                new ArgumentPreparedStatementSetter(args).setValues(ps);
                return ps;
            } catch (SQLException | RuntimeException e) {
                ps.close();
                throw e;
            }
        };
    }

    /** Tells PostgreSQL's driver never to make {@code ps} a server-side prepared statement. */
    public static void unprepared(PreparedStatement ps) throws SQLException {
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    }
}
