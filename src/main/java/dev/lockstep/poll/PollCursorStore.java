package dev.lockstep.poll;

import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The poll cursors in Lockstep's database ({@code poll_cursor}): one per pair and polled system. */
@Component
public class PollCursorStore {

    private static final String LOAD = "SELECT modified_at, last_id FROM poll_cursor WHERE pair = ? AND system = ?";
    private static final String SAVE = """
            INSERT INTO poll_cursor (pair, system, modified_at, last_id, rows_read, updated_at) VALUES (?, ?, ?, ?, ?, now())
            ON CONFLICT (pair, system) DO UPDATE SET modified_at = EXCLUDED.modified_at, last_id = EXCLUDED.last_id,
                rows_read = poll_cursor.rows_read + EXCLUDED.rows_read, updated_at = now()""";

    private final JdbcTemplate jdbc;

    public PollCursorStore(@Qualifier("lockstepDataSource") DataSource lockstep) {
        this.jdbc = new JdbcTemplate(lockstep);
    }

    public PollCursor load(String pair, String system) {
        List<PollCursor> found = jdbc.query(LOAD, (rs, n) -> new PollCursor(rs.getTimestamp(1).toInstant(), rs.getString(2)), pair, system);
        return found.isEmpty() ? PollCursor.START : found.get(0);
    }

    public void save(String pair, String system, PollCursor cursor, long rowsRead) {
        jdbc.update(SAVE, pair, system, Timestamp.from(cursor.modifiedAt()), cursor.lastId(), rowsRead);
    }
}
