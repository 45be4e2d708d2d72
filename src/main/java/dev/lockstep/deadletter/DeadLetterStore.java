package dev.lockstep.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import java.sql.Timestamp;
import java.time.Instant;
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
 * The dead-letter channel's endpoint ({@code bean:deadLetterStore}): stores the original event with
 * the pair, the step and the cause, and closes the inbox row as {@link Outcome#DEAD_LETTERED}, in
 * one transaction. One row per inbox event: when a replayed event fails again, its row is reopened
 * with the attempts added and the first failure kept.
 */
@Component("deadLetterStore")
public class DeadLetterStore implements Processor {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final String UPSERT = """
            INSERT INTO dead_letter (pair, inbox_id, event_id, source_id, route_id, step, payload,
                                     exception_class, exception_message, attempts, first_failed_at, last_failed_at)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?)
            ON CONFLICT (inbox_id) DO UPDATE SET
                status = 'OPEN', route_id = EXCLUDED.route_id, step = EXCLUDED.step,
                exception_class = EXCLUDED.exception_class, exception_message = EXCLUDED.exception_message,
                attempts = dead_letter.attempts + EXCLUDED.attempts, last_failed_at = EXCLUDED.last_failed_at""";

    private static final String INBOX_RECORD = """
            INSERT INTO inbox_event (pair, event_id, source_id, operation, source_version, payload, status, processed_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), 'DEAD_LETTERED', now())
            ON CONFLICT (pair, event_id) DO UPDATE SET status = 'DEAD_LETTERED', processed_at = now() RETURNING id""";

    private final JdbcTemplate jdbc;
    private final EventInbox inbox;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public DeadLetterStore(JdbcTemplate jdbc, EventInbox inbox, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.tx = tx;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        // useOriginalMessage: the body is the inbox row as the sql: consumer read it.
        Map<?, ?> row = exchange.getMessage().getMandatoryBody(Map.class);
        long inboxId = ((Number) row.get("id")).longValue();
        String payload = row.get("payload").toString();
        ChangeEvent event = json.readValue(payload, ChangeEvent.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Throwable root = rootCause(cause);
        Instant now = Instant.now();
        Instant first = exchange.getProperty(PipelineProperties.FIRST_FAILURE, now, Instant.class);
        int attempts = exchange.getProperty(PipelineProperties.ATTEMPTS, 1, Integer.class);
        String step = exchange.getProperty(PipelineProperties.FAILED_STEP, String.class);
        tx.executeWithoutResult(status -> {
            jdbc.update(UPSERT, event.pair(), inboxId, event.eventId(), event.sourceId(), exchange.getFromRouteId(), step,
                    payload, root.getClass().getName(), message(cause, root), attempts, Timestamp.from(first), Timestamp.from(now));
            inbox.mark(inboxId, Outcome.DEAD_LETTERED);
        });
        log.error("{} record {} event {} dead-lettered at step {} after {} attempt(s): {}", event.pair(), event.sourceId(),
                event.eventId(), step, attempts, message(cause, root));
    }

    /**
     * A dead letter for a record read from a table (no webhook, so no inbox row yet): the event is
     * recorded in the inbox as {@link Outcome#DEAD_LETTERED} and the dead letter refers to it, in one
     * transaction, as for an event. The same record version failing again reopens the same dead letter.
     */
    public void storeRecord(ChangeEvent event, String routeId, String step, Throwable cause) {
        Throwable root = rootCause(cause);
        Timestamp now = Timestamp.from(Instant.now());
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        tx.executeWithoutResult(status -> {
            Long inboxId = jdbc.queryForObject(INBOX_RECORD, Long.class, event.pair(), event.eventId(), event.sourceId(),
                    event.operation().name(), Timestamp.from(event.sourceVersion()), payload);
            jdbc.update(UPSERT, event.pair(), inboxId, event.eventId(), event.sourceId(), routeId, step, payload,
                    root.getClass().getName(), message(cause, root), 1, now, now);
        });
        log.error("{} record {} version {} dead-lettered at step {}: {}", event.pair(), event.sourceId(), event.sourceVersion(),
                step, message(cause, root));
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String message(Throwable cause, Throwable root) {
        return cause == root || cause.getMessage() == null ? String.valueOf(root.getMessage())
                : cause.getMessage() + (root.getMessage() == null || cause.getMessage().contains(root.getMessage()) ? "" : " — caused by: " + root.getMessage());
    }
}
