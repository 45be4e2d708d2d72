package dev.lockstep.poll;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads what changed in a table since a cursor, page by page, ordered by (modified-at, id).
 *
 * <p>Two passes per run. The overlap pass re-reads the rows whose modified-at lies within
 * {@code overlap} before the cursor: a row committed late, after later rows were already read, is
 * found there (rows seen before come again; the caller drops those unchanged). The forward pass
 * reads past the cursor. Both page by keyset ({@code modified_at > t OR modified_at = t AND id > i}),
 * so any number of rows sharing one timestamp is read exactly once across page boundaries.
 * Works on PostgreSQL and MariaDB alike (plain SQL, bind parameters).
 */
public final class KeysetPoller {

    /** What a run read: how many rows, and the cursor after the last row of the forward pass. */
    public record Result(int rows, PollCursor cursor, boolean exhausted) {
    }

    private KeysetPoller() {
    }

    /**
     * @param onPage receives each page; when it returns, the page counts as handed on
     * @param maxRows stop the forward pass after about this many rows (the next run goes on from the cursor)
     */
    public static Result poll(PolledTable t, PollCursor from, Duration overlap, int pageSize, int maxRows,
                              Consumer<List<PolledRow>> onPage) {
        JdbcTemplate jdbc = new JdbcTemplate(t.dataSource());
        int rows = 0;
        // Overlap pass: from (cursor - overlap) up to the cursor itself.
        PollCursor at = new PollCursor(from.modifiedAt().minus(overlap), "");
        while (true) {
            List<PolledRow> page = page(jdbc, t, at, from, pageSize);
            if (page.isEmpty()) {
                break;
            }
            onPage.accept(page);
            rows += page.size();
            PolledRow last = page.get(page.size() - 1);
            at = new PollCursor(last.modifiedAt(), last.id());
            if (page.size() < pageSize) {
                break;
            }
        }
        // Forward pass: past the cursor, moving it after each page.
        PollCursor cursor = from;
        boolean exhausted = false;
        int forward = 0;
        while (forward < maxRows) {
            List<PolledRow> page = page(jdbc, t, cursor, null, pageSize);
            if (!page.isEmpty()) {
                onPage.accept(page);
                forward += page.size();
                PolledRow last = page.get(page.size() - 1);
                cursor = new PollCursor(last.modifiedAt(), last.id());
            }
            if (page.size() < pageSize) {
                exhausted = true;
                break;
            }
        }
        return new Result(rows + forward, cursor, exhausted);
    }

    /**
     * One page: the rows after {@code after} in (modified-at, id) order, at most {@code pageSize}.
     * For callers that commit page by page (a run that saves where it is after each page).
     */
    public static List<PolledRow> page(PolledTable t, PollCursor after, int pageSize) {
        // A row-value comparison, which PostgreSQL turns into one index range on (modified-at, id): the
        // OR form below is read by scanning the index from its start, so page k of a large table costs k pages.
        String m = t.modifiedAt();
        String sql = "SELECT " + t.id() + ", " + m + (t.columns().isEmpty() ? "" : ", " + String.join(", ", t.columns()))
                + " FROM " + t.table() + " WHERE (" + m + ", " + t.id() + ") > (?, ?) ORDER BY " + m + ", " + t.id()
                + " LIMIT " + pageSize;
        return new JdbcTemplate(t.dataSource()).query(sql, (rs, n) -> row(rs, t), Timestamp.from(after.modifiedAt()), after.lastId());
    }

    /** The next page after {@code after}, up to and including {@code upTo} when given. */
    private static List<PolledRow> page(JdbcTemplate jdbc, PolledTable t, PollCursor after, PollCursor upTo, int pageSize) {
        String columns = String.join(", ", t.columns());
        String m = t.modifiedAt();
        String id = t.id();
        StringBuilder sql = new StringBuilder("SELECT ").append(id).append(", ").append(m)
                .append(columns.isEmpty() ? "" : ", " + columns)
                .append(" FROM ").append(t.table())
                .append(" WHERE (").append(m).append(" > ? OR (").append(m).append(" = ? AND ").append(id).append(" > ?))");
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(after.modifiedAt()), Timestamp.from(after.modifiedAt()), after.lastId()));
        if (upTo != null) {
            sql.append(" AND (").append(m).append(" < ? OR (").append(m).append(" = ? AND ").append(id).append(" <= ?))");
            args.addAll(List.of(Timestamp.from(upTo.modifiedAt()), Timestamp.from(upTo.modifiedAt()), upTo.lastId()));
        }
        sql.append(" ORDER BY ").append(m).append(", ").append(id).append(" LIMIT ").append(pageSize);
        return jdbc.query(sql.toString(), (rs, n) -> row(rs, t), args.toArray());
    }

    private static PolledRow row(ResultSet rs, PolledTable t) throws SQLException {
        Map<String, Object> values = new HashMap<>();
        for (String c : t.columns()) {
            values.put(c, rs.getObject(c));
        }
        Instant modified = rs.getTimestamp(t.modifiedAt()).toInstant();
        return new PolledRow(rs.getString(t.id()), modified, values);
    }
}
