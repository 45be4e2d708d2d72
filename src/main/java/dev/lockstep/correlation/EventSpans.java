package dev.lockstep.correlation;

import dev.lockstep.event.ChangeEvent;
import java.util.Collection;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.tracing.ActiveSpanManager;
import org.apache.camel.tracing.SpanAdapter;

/**
 * The correlation id on the exchange's trace span, when tracing is on: {@code lockstep.event_id},
 * {@code lockstep.pair} and {@code lockstep.record_id}, the same keys the log lines carry. Without
 * tracing there is no span and this does nothing.
 */
public final class EventSpans {

    public static final String EVENT_ID = "lockstep.event_id";
    public static final String EVENT_IDS = "lockstep.event_ids";
    public static final String PAIR = "lockstep.pair";
    public static final String RECORD_ID = "lockstep.record_id";
    /** A batch span names at most this many events (an inbox poll holds up to 200). */
    private static final int MAX_IDS = 200;

    private EventSpans() {
    }

    /** Tags the span of the exchange that carries one event. */
    public static void tag(Exchange exchange, ChangeEvent event) {
        SpanAdapter span = ActiveSpanManager.getSpan(exchange);
        if (span != null) {
            span.setTag(EVENT_ID, event.eventId());
            span.setTag(PAIR, event.pair());
            span.setTag(RECORD_ID, event.sourceId());
        }
    }

    /** Tags the span of a batch exchange with the ids of the events it applied. */
    public static void tagBatch(Exchange exchange, String pair, Collection<ChangeEvent> events) {
        SpanAdapter span = ActiveSpanManager.getSpan(exchange);
        if (span != null && !events.isEmpty()) {
            span.setTag(PAIR, pair);
            span.setTag(EVENT_IDS, events.stream().limit(MAX_IDS).map(ChangeEvent::eventId).collect(Collectors.joining(",")));
        }
    }
}
