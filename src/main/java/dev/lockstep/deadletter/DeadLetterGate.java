package dev.lockstep.deadletter;

import dev.lockstep.db.PerExecutionPlan;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.inbox.EventInbox;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SingleColumnRowMapper;
import org.springframework.stereotype.Component;

/**
 * Keeps each record's changes in order across failures: while a record has an open dead letter,
 * its later events are held ({@link Outcome#HELD}) instead of overtaking it, and the route stops
 * for them. Replaying or discarding the dead letter releases them, in their arrival order, behind
 * the replayed event. Other records are not affected.
 */
@Component("deadLetterGate")
public class DeadLetterGate implements Processor {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterGate.class);
    /*
     * Check and hold in one statement, so a replay or discard running at the same moment cannot
     * slip between them and leave the event held behind a dead letter that is already gone: FOR
     * SHARE waits for a concurrent replay's lock on the dead letter and then sees its new status,
     * and a replay that comes second waits for this hold and then releases it.
     */
    private static final String HOLD_IF_OPEN = """
            UPDATE inbox_event SET status = 'HELD', processed_at = now()
            WHERE id = ? AND EXISTS (SELECT 1 FROM dead_letter
                                     WHERE pair = ? AND source_id = ? AND status = 'OPEN' FOR SHARE)""";

    private static final String OPEN_RECORDS = """
            SELECT DISTINCT source_id FROM dead_letter WHERE pair = ? AND status = 'OPEN' AND source_id = ANY (?)""";

    private final JdbcTemplate jdbc;
    private final EventInbox inbox;

    public DeadLetterGate(JdbcTemplate jdbc, EventInbox inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ChangeEvent event = exchange.getMessage().getMandatoryBody(ChangeEvent.class);
        long inboxId = exchange.getProperty(PipelineProperties.INBOX_ID, Long.class);
        if (jdbc.update(HOLD_IF_OPEN, inboxId, event.pair(), event.sourceId()) == 1) {
            inbox.closed(event.pair(), Outcome.HELD, event.receivedAt());
            log.info("{} record {} event {} held behind its open dead letter", event.pair(), event.sourceId(), event.eventId());
            exchange.setRouteStop(true);
        }
    }

    /**
     * Which of these records have an open dead letter, in one query: a batch sends their events
     * through the one-by-one path, where this gate holds them.
     */
    public java.util.Set<String> recordsWithOpenDeadLetters(String pair, java.util.Collection<String> sourceIds) {
        return new java.util.HashSet<>(jdbc.query(PerExecutionPlan.of(OPEN_RECORDS, pair, sourceIds.toArray(String[]::new)),
                new SingleColumnRowMapper<>(String.class)));
    }

    /** The event ids among these records' open dead letters (a table pair's event id names the row's version). */
    public java.util.Set<String> openDeadLetterEvents(String pair, java.util.Collection<String> sourceIds) {
        return new java.util.HashSet<>(jdbc.query(PerExecutionPlan.of(
                "SELECT event_id FROM dead_letter WHERE pair = ? AND status = 'OPEN' AND source_id = ANY (?)",
                pair, sourceIds.toArray(String[]::new)), new SingleColumnRowMapper<>(String.class)));
    }
}
