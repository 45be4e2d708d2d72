package dev.lockstep.twoway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.db.PerExecutionPlan;
import dev.lockstep.resolve.Baseline;
import dev.lockstep.resolve.Merged;
import dev.lockstep.resolve.SideBaseline;
import dev.lockstep.resolve.SideState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two-way ledger in Lockstep's database: per linked record the agreed state
 * ({@code two_way_record}) and per system the baseline, the hash of what Lockstep last wrote there
 * and its write count ({@code two_way_baseline}).
 */
@Component
public class TwoWayLedger {

    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() { };

    private static final String UPSERT_RECORD = """
            INSERT INTO two_way_record (pair, record_key, agreed, deleted, resolved_at) VALUES (?, ?, CAST(? AS jsonb), ?, now())
            ON CONFLICT (pair, record_key) DO UPDATE SET agreed = EXCLUDED.agreed, deleted = EXCLUDED.deleted, resolved_at = now()""";
    private static final String UPSERT_SIDE = """
            INSERT INTO two_way_baseline (pair, record_key, system, vals, present, deleted, seen_hash, source_updated_at, updated_at)
            VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, now())
            ON CONFLICT (pair, record_key, system) DO UPDATE SET vals = EXCLUDED.vals, present = EXCLUDED.present,
                deleted = EXCLUDED.deleted, seen_hash = EXCLUDED.seen_hash, source_updated_at = EXCLUDED.source_updated_at,
                updated_at = now()""";
    private static final String WRITTEN = """
            UPDATE two_way_baseline SET vals = CAST(? AS jsonb), present = ?, deleted = ?, seen_hash = ?, written_hash = ?,
                writes = writes + 1, updated_at = now()
            WHERE pair = ? AND record_key = ? AND system = ?""";

    /** One system's ledger entry as the poll's echo filter and mass-delete guard need it. */
    public record SideEntry(String key, String seenHash, String writtenHash, boolean live) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public TwoWayLedger(@Qualifier("lockstepDataSource") DataSource lockstep, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = new JdbcTemplate(lockstep);
        this.tx = tx;
        this.json = json;
    }

    /** The baseline of a linked record; empty when the pair never linked it. */
    public Optional<Baseline> load(String pair, String key) {
        List<Merged> agreed = jdbc.query("SELECT agreed, deleted FROM two_way_record WHERE pair = ? AND record_key = ?",
                (rs, n) -> new Merged(rs.getBoolean(2), values(rs.getString(1))), pair, key);
        if (agreed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, SideBaseline> sides = new HashMap<>();
        jdbc.query("SELECT system, vals, present, deleted FROM two_way_baseline WHERE pair = ? AND record_key = ?", rs -> {
            sides.put(rs.getString(1), new SideBaseline(rs.getBoolean(3), rs.getBoolean(4), values(rs.getString(2))));
        }, pair, key);
        return Optional.of(new Baseline(agreed.get(0), sides));
    }

    /** Step one of {@link dev.lockstep.resolve.BaselineUpdate}: the merged state agreed, what was read taken in; in one transaction. */
    public void decided(String pair, String key, Merged merged, SideState left, SideState right, Runnable alsoInTransaction) {
        tx.executeWithoutResult(status -> {
            jdbc.update(UPSERT_RECORD, pair, key, text(merged.values()), merged.deleted());
            for (SideState side : List.of(left, right)) {
                SideBaseline taken = SideBaseline.of(side);
                jdbc.update(UPSERT_SIDE, pair, key, side.system(), text(taken.values()), taken.present(), taken.deleted(),
                        taken.hash(), side.updatedAt() == null ? null : Timestamp.from(side.updatedAt()));
            }
            alsoInTransaction.run();
        });
    }

    /** Step two: a write to one system succeeded; its baseline and written hash are what it now holds. */
    public void written(String pair, String key, SideState after) {
        SideBaseline now = SideBaseline.of(after);
        jdbc.update(WRITTEN, text(now.values()), now.present(), now.deleted(), now.hash(), now.hash(), pair, key, after.system());
    }

    /**
     * Forgets what was last seen in and written to each system for these records, after their
     * writes failed as a whole (a system unreachable, a rate limit): the echo filter then hands
     * their rows on again when a run re-reads them, instead of taking them for what is already
     * agreed, and the writes are made then. The agreed state and the baselines stay.
     */
    public void unsettle(String pair, Collection<String> keys) {
        jdbc.update(con -> {
            var ps = con.prepareStatement("UPDATE two_way_baseline SET seen_hash = '', written_hash = NULL "
                    + "WHERE pair = ? AND record_key = ANY (?)");
            ps.setString(1, pair);
            ps.setArray(2, con.createArrayOf("text", keys.toArray()));
            return ps;
        });
    }

    /** The ledger entries of {@code keys} on one system (for the echo filter and the mass-delete guard). */
    public Map<String, SideEntry> entries(String pair, String system, Collection<String> keys) {
        Map<String, SideEntry> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.query(con -> {
            var ps = con.prepareStatement("SELECT record_key, seen_hash, written_hash, present AND NOT deleted FROM two_way_baseline "
                    + "WHERE pair = ? AND system = ? AND record_key = ANY (?)");
            PerExecutionPlan.unprepared(ps);
            ps.setString(1, pair);
            ps.setString(2, system);
            ps.setArray(3, con.createArrayOf("text", keys.toArray()));
            return ps;
        }, (ResultSet rs) -> {
            found.put(rs.getString(1), new SideEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
        });
        return found;
    }

    /** How many of the pair's linked records are live (the base of the mass-delete share). */
    public int liveRecords(String pair) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM two_way_record WHERE pair = ? AND NOT deleted", Integer.class, pair);
        return n == null ? 0 : n;
    }

    /** The ledger's view of one record, for the API: agreed state and each system's baseline and writes. */
    public Optional<Map<String, Object>> describe(String pair, String key) {
        List<Map<String, Object>> record = jdbc.query("SELECT agreed, deleted, resolved_at FROM two_way_record WHERE pair = ? AND record_key = ?",
                (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("pair", pair);
                    m.put("key", key);
                    m.put("agreed", values(rs.getString(1)));
                    m.put("deleted", rs.getBoolean(2));
                    m.put("resolvedAt", rs.getTimestamp(3).toInstant());
                    return m;
                }, pair, key);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> systems = new LinkedHashMap<>();
        jdbc.query("SELECT system, vals, present, deleted, written_hash, writes, source_updated_at FROM two_way_baseline "
                + "WHERE pair = ? AND record_key = ? ORDER BY system", (ResultSet rs) -> {
                    Map<String, Object> side = new LinkedHashMap<>();
                    side.put("baseline", values(rs.getString(2)));
                    side.put("present", rs.getBoolean(3));
                    side.put("deleted", rs.getBoolean(4));
                    side.put("writtenHash", rs.getString(5));
                    side.put("writes", rs.getInt(6));
                    Timestamp at = rs.getTimestamp(7);
                    side.put("sourceUpdatedAt", at == null ? null : at.toInstant());
                    systems.put(rs.getString(1), side);
                }, pair, key);
        record.get(0).put("systems", systems);
        return Optional.of(record.get(0));
    }

    private Map<String, String> values(String text) {
        try {
            return json.readValue(text, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable ledger values: " + text, e);
        }
    }

    private String text(Map<String, String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
