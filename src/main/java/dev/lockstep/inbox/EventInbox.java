package dev.lockstep.inbox;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.metrics.PairMetrics;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The durable inbox, used as the Idempotent Consumer's repository.
 *
 * <p>Why one table for both: accepting an event and remembering its id must be one atomic write,
 * or a crash between the two either loses the event or processes it twice. {@link #add(Exchange, String)}
 * inserts the whole event keyed by {@code (pair, event_id)} with {@code ON CONFLICT DO NOTHING}
 * (grouped with concurrent requests by {@link GroupCommitWriter}): it returns true exactly once per
 * event, and once it has returned the event is committed and the webhook may be answered.
 */
@Component("eventInbox")
public class EventInbox extends ServiceSupport implements IdempotentRepository {

    private static final String CONTAINS = "SELECT count(*) FROM inbox_event WHERE pair = ? AND event_id = ?";
    private static final String MARK = "UPDATE inbox_event SET status = ?, processed_at = now() WHERE id = ? RETURNING pair, received_at";

    private final JdbcTemplate jdbc;
    private final GroupCommitWriter writer;
    private final PairMetrics metrics;

    public EventInbox(JdbcTemplate jdbc, GroupCommitWriter writer, PairMetrics metrics) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.metrics = metrics;
    }

    /** Stores the event (grouped with concurrent ones into one commit); true when it was new. */
    @Override
    public boolean add(Exchange exchange, String eventId) {
        ChangeEvent event = exchange.getMessage().getBody(ChangeEvent.class);
        if (event == null || !event.eventId().equals(eventId)) {
            throw new IllegalStateException("The inbox stores ChangeEvent bodies keyed by their eventId");
        }
        // The same event for the other pairs the webhook feeds: one commit for all, new if any is new.
        @SuppressWarnings("unchecked")
        List<ChangeEvent> fanOut = exchange.getProperty(PipelineProperties.FAN_OUT_EVENTS, List.class);
        if (fanOut == null || fanOut.isEmpty()) {
            return writer.accept(event);
        }
        List<ChangeEvent> all = new ArrayList<>(fanOut.size() + 1);
        all.add(event);
        all.addAll(fanOut);
        return writer.accept(all);
    }

    @Override
    public boolean contains(Exchange exchange, String eventId) {
        ChangeEvent event = exchange.getMessage().getBody(ChangeEvent.class);
        Integer count = jdbc.queryForObject(CONTAINS, Integer.class, event.pair(), eventId);
        return count != null && count > 0;
    }

    /** Nothing to undo: an event stored in the inbox stays accepted whatever happens after. */
    @Override
    public boolean remove(Exchange exchange, String key) {
        return false;
    }

    @Override
    public boolean confirm(Exchange exchange, String key) {
        return true;
    }

    /** Records what the pipeline decided for an inbox row. */
    public void mark(long inboxId, Outcome outcome) {
        jdbc.query(MARK, rs -> {
            closed(rs.getString("pair"), outcome, rs.getTimestamp("received_at").toInstant());
        }, outcome.name(), inboxId);
    }

    /**
     * Counts an inbox row closed with {@code outcome} in the pair's metrics. {@link #mark} calls it;
     * a step that closes the row in a statement of its own (the ledger commit, the hold) calls it
     * after. Inside a transaction it counts only once the transaction commits.
     */
    public void closed(String pair, Outcome outcome, java.time.Instant receivedAt) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.closed(pair, outcome, receivedAt);
                }
            });
        } else {
            metrics.closed(pair, outcome, receivedAt);
        }
    }

    // The key alone does not say which pair it belongs to; the exchange-aware methods are the API.
    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("use add(Exchange, key)");
    }

    @Override
    public boolean contains(String key) {
        throw new UnsupportedOperationException("use contains(Exchange, key)");
    }

    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("the inbox is never cleared wholesale");
    }

}
