package dev.lockstep.ledger;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.RecordMapper;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.Outcome;
import java.sql.Timestamp;
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
