package dev.lockstep.ledger;

import dev.lockstep.db.PerExecutionPlan;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.RecordMapper;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import dev.lockstep.inbox.EventInbox;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sync ledger: per pair and source record, the version and content Lockstep last applied to
 * the target. Committing an outcome updates the ledger and closes the inbox row in one statement (one transaction).
 */
@Component
public class SyncLedger implements RecordMapper.Links {

    /** What the ledger knows of one record. */
    public record RecordState(String targetId, java.time.Instant sourceVersion, String contentHash, boolean deleted) {
    }

    private static final String FIND = """
            SELECT target_id, source_version, content_hash, deleted FROM sync_record WHERE pair = ? AND source_id = ?""";
    private static final String LINKED_SOURCE = "SELECT source_id FROM sync_record WHERE pair = ? AND target_id = ?";
    // The WHERE keeps the ledger monotonic even if two commits for one record ever race.
    private static final String UPSERT = """
            INSERT INTO sync_record (pair, source_id, target_id, source_version, content_hash, deleted, last_event_id, synced_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (pair, source_id) DO UPDATE SET
                target_id = EXCLUDED.target_id, source_version = EXCLUDED.source_version,
                content_hash = EXCLUDED.content_hash, deleted = EXCLUDED.deleted,
                last_event_id = EXCLUDED.last_event_id, synced_at = EXCLUDED.synced_at
            WHERE sync_record.source_version <= EXCLUDED.source_version""";
    private static final String UPSERT_AND_CLOSE = "WITH ledger AS (" + UPSERT + " RETURNING 1)"
            + " UPDATE inbox_event SET status = ?, processed_at = now() WHERE id = ?";

    /* The batch look-ups: one index probe per key, whatever the table's statistics say (see PerExecutionPlan). */
    private static final String FIND_ALL = """
            SELECT r.source_id, r.target_id, r.source_version, r.content_hash, r.deleted
            FROM unnest(?::text[]) AS k (source_id)
            CROSS JOIN LATERAL (SELECT * FROM sync_record WHERE pair = ? AND source_id = k.source_id OFFSET 0) AS r""";
    private static final String LINKED_SOURCES = """
            SELECT r.target_id, r.source_id FROM unnest(?::text[]) AS k (target_id)
            CROSS JOIN LATERAL (SELECT target_id, source_id FROM sync_record WHERE pair = ? AND target_id = k.target_id OFFSET 0) AS r""";
    /*
     * A whole batch in one statement (one transaction, one round trip): the records' new ledger
     * entries from one set of arrays, the inbox rows' outcomes from another. The ledger CTE runs
     * although nothing reads it; the version guard is the single-record UPSERT's.
     */
    private static final String UPSERT_ALL_AND_CLOSE = """
            WITH ledger AS (
                INSERT INTO sync_record (pair, source_id, target_id, source_version, content_hash, deleted, last_event_id, synced_at)
                SELECT ?, e.source_id, e.target_id, e.source_version, e.content_hash, e.deleted, e.last_event_id, now()
                FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::boolean[], ?::text[])
                     AS e (source_id, target_id, source_version, content_hash, deleted, last_event_id)
                ON CONFLICT (pair, source_id) DO UPDATE SET
                    target_id = EXCLUDED.target_id, source_version = EXCLUDED.source_version,
                    content_hash = EXCLUDED.content_hash, deleted = EXCLUDED.deleted,
                    last_event_id = EXCLUDED.last_event_id, synced_at = EXCLUDED.synced_at
                WHERE sync_record.source_version <= EXCLUDED.source_version
                RETURNING 1)
            UPDATE inbox_event SET status = c.status, processed_at = now()
            FROM unnest(?::bigint[], ?::text[]) AS c (id, status)
            WHERE inbox_event.id = c.id""";

    /** A record's new ledger entry, as a batch commits it. */
    public record Entry(String sourceId, String targetId, java.time.Instant sourceVersion, String contentHash,
                        boolean deleted, String lastEventId) {
    }

    private final JdbcTemplate jdbc;
    private final EventInbox inbox;

    public SyncLedger(JdbcTemplate jdbc, EventInbox inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    public Optional<RecordState> find(String pair, String sourceId) {
        List<RecordState> rows = jdbc.query(FIND, (rs, i) -> new RecordState(
                rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getBoolean(4)), pair, sourceId);
        return rows.stream().findFirst();
    }

    /** The target id linked to a source record of {@code pair}: what {@code lookup} rules ask. */
    @Override
    public Optional<String> targetId(String pair, String sourceId) {
        return find(pair, sourceId).map(RecordState::targetId);
    }

    /** The source record already linked to a target record, if any. */
    public Optional<String> sourceLinkedTo(String pair, String targetId) {
        return jdbc.queryForList(LINKED_SOURCE, String.class, pair, targetId).stream().findFirst();
    }

    /** What the ledger knows of each of these source records (absent: not synced yet), in one query. */
    public Map<String, RecordState> findAll(String pair, Collection<String> sourceIds) {
        Map<String, RecordState> found = new HashMap<>();
        jdbc.query(PerExecutionPlan.of(FIND_ALL, sourceIds.toArray(String[]::new), pair), (ResultSet rs) -> {
            found.put(rs.getString(1), new RecordState(rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getBoolean(5)));
        });
        return found;
    }

    /** For each of these target ids that a source record of {@code pair} is linked to: that source id. */
    public Map<String, String> sourcesLinkedTo(String pair, Collection<String> targetIds) {
        Map<String, String> found = new HashMap<>();
        if (!targetIds.isEmpty()) {
            jdbc.query(PerExecutionPlan.of(LINKED_SOURCES, targetIds.toArray(String[]::new), pair), (ResultSet rs) -> {
                found.put(rs.getString(1), rs.getString(2));
            });
        }
        return found;
    }

    /**
     * Commits a batch: the records' new ledger entries and every inbox row's outcome, in one
     * statement (all or nothing). {@code events}: the events by inbox row id, for the metrics.
     */
    public void commitAll(String pair, List<Entry> entries, Map<Long, Outcome> outcomes, Map<Long, ChangeEvent> events) {
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement(UPSERT_ALL_AND_CLOSE);
            // Its join of the inbox with the batch's ids is planned per execution, as the look-ups are.
            PerExecutionPlan.unprepared(ps);
            ps.setString(1, pair);
            ps.setArray(2, con.createArrayOf("text", entries.stream().map(Entry::sourceId).toArray()));
            ps.setArray(3, con.createArrayOf("text", entries.stream().map(Entry::targetId).toArray()));
            // ISO-8601 text, cast by the statement: the driver builds no timestamptz arrays from Instants.
            ps.setArray(4, con.createArrayOf("text", entries.stream().map(e -> e.sourceVersion().toString()).toArray()));
            ps.setArray(5, con.createArrayOf("text", entries.stream().map(Entry::contentHash).toArray()));
            ps.setArray(6, con.createArrayOf("bool", entries.stream().map(Entry::deleted).toArray()));
            ps.setArray(7, con.createArrayOf("text", entries.stream().map(Entry::lastEventId).toArray()));
            ps.setArray(8, con.createArrayOf("int8", outcomes.keySet().toArray()));
            ps.setArray(9, con.createArrayOf("text", outcomes.values().stream().map(Outcome::name).toArray()));
            return ps;
        });
        outcomes.forEach((inboxId, outcome) -> inbox.closed(pair, outcome, events.get(inboxId).receivedAt()));
    }

    /**
     * Records the outcome of one inbox event. For an applied or unchanged event the record's version
     * and content advance, so an older event arriving later is recognised as stale.
     */
    public void commit(long inboxId, ChangeEvent event, TargetRow row, Outcome outcome) {
        if (row != null && (outcome == Outcome.APPLIED || outcome == Outcome.UNCHANGED)) {
            // One statement is one transaction: the ledger and the inbox move together, in one round trip.
            jdbc.update(UPSERT_AND_CLOSE, event.pair(), event.sourceId(), row.key(), Timestamp.from(event.sourceVersion()),
                    row.contentHash(), event.isDelete(), event.eventId(), outcome.name(), inboxId);
            inbox.closed(event.pair(), outcome, event.receivedAt());
        } else {
            inbox.mark(inboxId, outcome);
        }
    }
}
