package dev.lockstep.deadletter;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.lockstep.inbox.EventInbox;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private static final String OPEN = "SELECT count(*) FROM dead_letter WHERE pair = ? AND source_id = ? AND status = 'OPEN'";

    private final JdbcTemplate jdbc;
    private final EventInbox inbox;

    public DeadLetterGate(JdbcTemplate jdbc, EventInbox inbox) {
        this.jdbc = jdbc;
        this.inbox = inbox;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ChangeEvent event = exchange.getMessage().getMandatoryBody(ChangeEvent.class);
        Integer open = jdbc.queryForObject(OPEN, Integer.class, event.pair(), event.sourceId());
        if (open != null && open > 0) {
            inbox.mark(exchange.getProperty(PipelineProperties.INBOX_ID, Long.class), Outcome.HELD);
            log.info("{} record {} event {} held behind its open dead letter", event.pair(), event.sourceId(), event.eventId());
            exchange.setRouteStop(true);
        }
    }
}
