package dev.lockstep.conflict;

import dev.lockstep.metrics.PairMetrics;
import dev.lockstep.resolve.Decision;
import dev.lockstep.resolve.PendingConflict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code two_way_conflict} table. Statuses: {@code DECIDED} (by a rule), {@code OPEN} (manual,
 * waiting for a person; the record is held), {@code RESOLVED} (a person picked a value, not yet
 * written), {@code APPLIED} (the picked value was written to both sides).
 */
@Component
public class ConflictStore {

    public static final String DECIDED = "DECIDED";
    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
    public static final String APPLIED = "APPLIED";
    /** A write a system refused for this record (its error in {@code value}); the record's next change tries again. */
    public static final String FAILED = "FAILED";

    private static final String COLUMNS = "id, pair, record_key, field, left_system, left_value, right_system, right_value, "
            + "base_value, rule, winner, value, status, created_at, decided_at";
    private static final String INSERT = "INSERT INTO two_way_conflict (pair, record_key, field, left_system, left_value, "
            + "right_system, right_value, base_value, rule, winner, value, status, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** One conflict as the API shows it. */
    public record Conflict(long id, String pair, String key, String field, String leftSystem, String leftValue,
                           String rightSystem, String rightValue, String baseValue, String rule, String winner,
                           String value, String status, java.time.Instant createdAt, java.time.Instant decidedAt) {
    }

    private final JdbcTemplate jdbc;
    private final PairMetrics metrics;

    public ConflictStore(@Qualifier("lockstepDataSource") DataSource lockstep, PairMetrics metrics) {
        this.jdbc = new JdbcTemplate(lockstep);
        this.metrics = metrics;
    }

    /** Records conflicts a rule or a person decided; a person's choice closes its manual conflict (APPLIED). */
    public void decided(String pair, String key, List<Decision> decisions) {
        Timestamp now = Timestamp.from(java.time.Instant.now());
        for (Decision d : decisions) {
            if ("person".equals(d.winner())) {
                jdbc.update("UPDATE two_way_conflict SET status = 'APPLIED', left_value = ?, right_value = ?, decided_at = coalesce(decided_at, ?) "
                        + "WHERE pair = ? AND record_key = ? AND field = ? AND status = 'RESOLVED'",
                        d.leftValue(), d.rightValue(), now, pair, key, d.field());
                continue;
            }
            jdbc.update(INSERT, pair, key, d.field(), d.leftSystem(), d.leftValue(), d.rightSystem(), d.rightValue(),
                    d.baseValue(), d.rule(), d.winner(), d.value(), DECIDED, now);
            metrics.conflict(pair, DECIDED);
        }
    }

    /** Records that {@code system} refused the write of this record, with its error. */
    public void failed(String pair, String key, String leftSystem, String rightSystem, String system, String error) {
        jdbc.update(INSERT, pair, key, "(write)", leftSystem, null, rightSystem, null, null, "write-refused", system, error, FAILED,
                Timestamp.from(java.time.Instant.now()));
    }

    /** Opens (or refreshes with the current values) a manual conflict per field: the record is held. */
    public void open(String pair, String key, List<PendingConflict> pending) {
        for (PendingConflict p : pending) {
            int updated = jdbc.update("UPDATE two_way_conflict SET left_value = ?, right_value = ?, base_value = ?, "
                    + "status = 'OPEN', winner = NULL, value = NULL, decided_at = NULL "
                    + "WHERE pair = ? AND record_key = ? AND field = ? AND status IN ('OPEN', 'RESOLVED')",
                    p.leftValue(), p.rightValue(), p.baseValue(), pair, key, p.field());
            if (updated == 0) {
                jdbc.update(INSERT, pair, key, p.field(), p.leftSystem(), p.leftValue(), p.rightSystem(), p.rightValue(),
                        p.baseValue(), "manual", null, null, OPEN, null);
                metrics.conflict(pair, OPEN);
            }
        }
    }

    /** The values people picked for this record's manual conflicts and not yet written (field → value). */
    public Map<String, String> choices(String pair, String key) {
        Map<String, String> choices = new HashMap<>();
        jdbc.query("SELECT field, value FROM two_way_conflict WHERE pair = ? AND record_key = ? AND status = 'RESOLVED'",
                (ResultSet rs) -> {
                    choices.put(rs.getString(1), rs.getString(2));
                }, pair, key);
        return choices;
    }

    /** A person's choice: OPEN → RESOLVED with the value and who it came from. Empty if there is no such open conflict. */
    public boolean resolve(long id, String value, String winner) {
        return jdbc.update("UPDATE two_way_conflict SET status = 'RESOLVED', value = ?, winner = ?, decided_at = now() "
                + "WHERE id = ? AND status = 'OPEN'", value, winner, id) == 1;
    }

    public Optional<Conflict> get(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM two_way_conflict WHERE id = ?", ConflictStore::conflict, id).stream().findFirst();
    }

    /** Conflicts, newest first, optionally of one status and one pair. */
    public List<Conflict> list(String status, String pair, String key, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM two_way_conflict WHERE true");
        List<Object> args = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status);
        }
        if (pair != null) {
            sql.append(" AND pair = ?");
            args.add(pair);
        }
        if (key != null) {
            sql.append(" AND record_key = ?");
            args.add(key);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ConflictStore::conflict, args.toArray());
    }

    private static Conflict conflict(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp(15);
        return new Conflict(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), rs.getTimestamp(14).toInstant(), decided == null ? null : decided.toInstant());
    }

}
