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
            SELECT id, pair, event_id, source_id, payload::text AS payload, reasons::text AS reasons, created_at
            FROM quarantine WHERE (CAST(? AS text) IS NULL OR pair = ?) ORDER BY id DESC LIMIT ?""";

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

    /** The newest quarantined records, optionally of one pair. */
    public List<Map<String, Object>> list(String pair, int limit) {
        return jdbc.query(LIST, (rs, i) -> {
            try {
                return Map.of("id", rs.getLong("id"), "pair", rs.getString("pair"), "eventId", rs.getString("event_id"),
                        "sourceId", rs.getString("source_id"), "payload", json.readTree(rs.getString("payload")),
                        "reasons", json.readTree(rs.getString("reasons")), "createdAt", rs.getTimestamp("created_at").toInstant());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, pair, pair, limit);
    }
}
