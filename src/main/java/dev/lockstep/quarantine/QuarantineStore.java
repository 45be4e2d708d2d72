package dev.lockstep.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.lockstep.inbox.EventInbox;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Parks records whose data failed cleanup or validation, with every reason, and closes their inbox
 * row as {@link Outcome#QUARANTINED} in the same transaction. Called by the pipeline's route
 * configuration for {@link InvalidRecordException}.
 */
@Component("quarantineStore")
public class QuarantineStore implements Processor {

    private static final Logger log = LoggerFactory.getLogger(QuarantineStore.class);
    private static final String INSERT = """
            INSERT INTO quarantine (pair, inbox_id, event_id, source_id, payload, reasons)
            VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))""";
    private static final String LIST = """
            SELECT id, pair, event_id, source_id, payload::text AS payload, reasons::text AS reasons, created_at, status, closed_at
            FROM quarantine WHERE (CAST(? AS text) IS NULL OR pair = ?) AND (CAST(? AS text) IS NULL OR status = ?)
            ORDER BY id DESC LIMIT ?""";
    private static final String CLOSE = """
            UPDATE quarantine SET status = ?, closed_at = now() WHERE id = ? AND status = 'OPEN' RETURNING inbox_id""";
    private static final String STATUS = "SELECT status FROM quarantine WHERE id = ?";
    // The event goes back to its pair's inbox as if just accepted: the pipeline runs it again, with
    // the mapping in use now and the ledger as it is now (a newer version already applied makes it STALE).
    private static final String REQUEUE = "UPDATE inbox_event SET status = 'PENDING', processed_at = NULL WHERE id = ?";

    /** What became of a release or discard. */
    public enum Change { DONE, NOT_FOUND, NOT_OPEN }

    private final JdbcTemplate jdbc;
    private final EventInbox inbox;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public QuarantineStore(JdbcTemplate jdbc, EventInbox inbox, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.tx = tx;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        InvalidRecordException invalid = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidRecordException.class);
        ChangeEvent event = exchange.getMessage().getBody(ChangeEvent.class);
        long inboxId = exchange.getProperty(PipelineProperties.INBOX_ID, Long.class);
        String payload = json.writeValueAsString(event.fields());
        String reasons = json.writeValueAsString(invalid.violations());
        tx.executeWithoutResult(status -> {
            jdbc.update(INSERT, event.pair(), inboxId, event.eventId(), event.sourceId(), payload, reasons);
            inbox.mark(inboxId, Outcome.QUARANTINED);
        });
        log.warn("{} record {} event {} quarantined: {}", event.pair(), event.sourceId(), event.eventId(), invalid.getMessage());
    }

    /** Parks a record read from a table (it has no inbox row): its fields and every reason. */
    public void park(ChangeEvent event, InvalidRecordException invalid) {
        try {
            jdbc.update(INSERT, event.pair(), null, event.eventId(), event.sourceId(), json.writeValueAsString(event.fields()),
                    json.writeValueAsString(invalid.violations()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        log.warn("{} record {} version {} quarantined: {}", event.pair(), event.sourceId(), event.sourceVersion(), invalid.getMessage());
    }

    /** The newest quarantined records, optionally of one pair and in one status (OPEN, RELEASED, DISCARDED). */
    public List<Map<String, Object>> list(String pair, String status, int limit) {
        return jdbc.query(LIST, (rs, i) -> {
            try {
                Map<String, Object> entry = new java.util.LinkedHashMap<>();
                entry.put("id", rs.getLong("id"));
                entry.put("pair", rs.getString("pair"));
                entry.put("eventId", rs.getString("event_id"));
                entry.put("sourceId", rs.getString("source_id"));
                entry.put("payload", json.readTree(rs.getString("payload")));
                entry.put("reasons", json.readTree(rs.getString("reasons")));
                entry.put("createdAt", rs.getTimestamp("created_at").toInstant());
                entry.put("status", rs.getString("status"));
                entry.put("closedAt", rs.getTimestamp("closed_at") == null ? null : rs.getTimestamp("closed_at").toInstant());
                return entry;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pair, pair, status, status, limit);
    }

    /**
     * Releases an open quarantined record: its original event goes back to its pair's pipeline, once
     * (it is quarantined again, as a new entry, if its data still fails).
     */
    public Change release(long id) {
        return close(id, "RELEASED", true);
    }

    /** Discards an open quarantined record: it stays listed, and nothing is written. */
    public Change discard(long id) {
        return close(id, "DISCARDED", false);
    }

    private Change close(long id, String status, boolean requeue) {
        Change change = tx.execute(t -> {
            List<Long> inbox = jdbc.queryForList(CLOSE, Long.class, status, id);
            if (inbox.isEmpty()) {
                return jdbc.queryForList(STATUS, String.class, id).isEmpty() ? Change.NOT_FOUND : Change.NOT_OPEN;
            }
            if (requeue && inbox.get(0) != null) {
                jdbc.update(REQUEUE, inbox.get(0));
            }
            return Change.DONE;
        });
        if (change == Change.DONE) {
            log.info("Quarantine entry {} {}", id, status.toLowerCase());
        }
        return change;
    }
}
