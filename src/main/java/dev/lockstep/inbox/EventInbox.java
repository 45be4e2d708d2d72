package dev.lockstep.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.pipeline.Outcome;
import java.sql.Timestamp;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The durable inbox, used as the Idempotent Consumer's repository.
 *
 * <p>Why one table for both: accepting an event and remembering its id must be one atomic write,
 * or a crash between the two either loses the event or processes it twice. {@link #add(Exchange, String)}
 * is a single {@code INSERT ... ON CONFLICT DO NOTHING} of the whole event keyed by
 * {@code (pair, event_id)}: it returns true exactly once per event, and once it has returned the
 * event is committed and the webhook may be answered.
 */
@Component("eventInbox")
public class EventInbox extends ServiceSupport implements IdempotentRepository {

    private static final String INSERT = """
            INSERT INTO inbox_event (pair, event_id, source_id, operation, source_version, payload, received_at)
            VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?)
            ON CONFLICT (pair, event_id) DO NOTHING""";
    private static final String CONTAINS = "SELECT count(*) FROM inbox_event WHERE pair = ? AND event_id = ?";
    private static final String MARK = "UPDATE inbox_event SET status = ?, processed_at = now() WHERE id = ?";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public EventInbox(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public boolean add(Exchange exchange, String eventId) {
        ChangeEvent event = exchange.getMessage().getBody(ChangeEvent.class);
        if (event == null || !event.eventId().equals(eventId)) {
            throw new IllegalStateException("The inbox stores ChangeEvent bodies keyed by their eventId");
        }
        return jdbc.update(INSERT, event.pair(), event.eventId(), event.sourceId(), event.operation().name(),
                Timestamp.from(event.sourceVersion()), toJson(event), Timestamp.from(event.receivedAt())) == 1;
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
        jdbc.update(MARK, outcome.name(), inboxId);
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

    private String toJson(ChangeEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + event.eventId() + " cannot be stored as JSON", e);
        }
    }
}
