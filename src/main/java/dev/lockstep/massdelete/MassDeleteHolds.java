package dev.lockstep.massdelete;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code mass_delete_hold} table: deletes held for approval, per run and system. */
@Component
public class MassDeleteHolds {

    public static final String HELD = "HELD";

    /** One hold as the API shows it. */
    public record Hold(long id, String pair, String system, List<String> keys, int deletes, int records,
                       BigDecimal maxShare, String status, Instant createdAt, Instant decidedAt) {
    }

    private static final TypeReference<List<String>> KEYS = new TypeReference<>() { };
    private static final String COLUMNS = "id, pair, system, record_keys, deletes, records, max_share, status, created_at, decided_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public MassDeleteHolds(@Qualifier("lockstepDataSource") DataSource lockstep, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(lockstep);
        this.json = json;
    }

    public void hold(String pair, String system, List<String> keys, int deletes, int records, double maxShare) {
        jdbc.update("INSERT INTO mass_delete_hold (pair, system, record_keys, deletes, records, max_share) VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?)",
                pair, system, text(keys), deletes, records, BigDecimal.valueOf(maxShare));
    }

    /** "system\u0000key" of every record whose delete is held now. */
    public Set<String> heldRecords(String pair) {
        Set<String> held = new HashSet<>();
        jdbc.query("SELECT system, record_keys FROM mass_delete_hold WHERE pair = ? AND status = 'HELD'", (ResultSet rs) -> {
            for (String key : keys(rs.getString(2))) {
                held.add(rs.getString(1) + "\u0000" + key);
            }
        }, pair);
        return held;
    }

    public boolean isHeld(String pair, String key) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM mass_delete_hold WHERE pair = ? AND status = 'HELD' "
                + "AND record_keys @> jsonb_build_array(CAST(? AS text))", Integer.class, pair, key);
        return n != null && n > 0;
    }

    /** HELD → {@code status}; false when the hold is not HELD (any more). */
    public boolean decide(long id, String status) {
        return jdbc.update("UPDATE mass_delete_hold SET status = ?, decided_at = ? WHERE id = ? AND status = 'HELD'",
                status, Timestamp.from(Instant.now()), id) == 1;
    }

    public Optional<Hold> get(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM mass_delete_hold WHERE id = ?", this::hold, id).stream().findFirst();
    }

    public List<Hold> list(String status, String pair) {
        return jdbc.query("SELECT " + COLUMNS + " FROM mass_delete_hold WHERE (CAST(? AS text) IS NULL OR status = ?) "
                + "AND (CAST(? AS text) IS NULL OR pair = ?) ORDER BY id DESC LIMIT 200", this::hold, status, status, pair, pair);
    }

    private Hold hold(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp(10);
        return new Hold(rs.getLong(1), rs.getString(2), rs.getString(3), keys(rs.getString(4)), rs.getInt(5), rs.getInt(6),
                rs.getBigDecimal(7), rs.getString(8), rs.getTimestamp(9).toInstant(), decided == null ? null : decided.toInstant());
    }

    private List<String> keys(String text) {
        try {
            return json.readValue(text, KEYS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String text(List<String> keys) {
        try {
            return json.writeValueAsString(keys);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
