package dev.lockstep.correlation;

import dev.lockstep.event.ChangeEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;

/**
 * The MDC keys that tie log lines to one event: {@code lockstep.pair}, {@code lockstep.eventId}
 * (the correlation id, the same from the webhook to the target) and {@code lockstep.recordId}.
 * Structured logs ({@code logging.structured.format.console=ecs}) print them as fields; the text
 * format prints them with {@code %X{lockstep.eventId}}.
 */
public final class EventMdc {

    public static final String PAIR = "lockstep.pair";
    public static final String EVENT_ID = "lockstep.eventId";
    public static final String RECORD_ID = "lockstep.recordId";

    /** The exchange property that keeps an exchange's keys, for {@link #restore}. */
    private static final String KEYS = "lockstepMdcKeys";

    private record Keys(String pair, String eventId, String recordId) {
    }

    private EventMdc() {
    }

    /**
     * Puts the event's keys in the MDC of the current thread for the rest of the exchange, and
     * removes them when the exchange is done, so a pooled thread does not carry them into the
     * next, unrelated request.
     */
    public static void put(Exchange exchange, ChangeEvent event) {
        MDC.put(PAIR, event.pair());
        MDC.put(EVENT_ID, event.eventId());
        MDC.put(RECORD_ID, event.sourceId());
        exchange.setProperty(KEYS, new Keys(event.pair(), event.eventId(), event.sourceId()));
        EventSpans.tag(exchange, event);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                clear();
            }
        });
    }

    /**
     * Puts the exchange's event keys (from {@link #put}) back in the current thread's MDC: the
     * exchange went on in another thread after an asynchronous step ({@link EventUnitOfWork}).
     */
    static void restore(Exchange exchange) {
        Keys keys = exchange.getProperty(KEYS, Keys.class);
        if (keys != null) {
            MDC.put(PAIR, keys.pair());
            MDC.put(EVENT_ID, keys.eventId());
            MDC.put(RECORD_ID, keys.recordId());
        }
    }

    /** Runs {@code action} (e.g. a log line about the event) with the event's keys in the MDC. */
    public static void with(ChangeEvent event, Runnable action) {
        MDC.put(PAIR, event.pair());
        MDC.put(EVENT_ID, event.eventId());
        MDC.put(RECORD_ID, event.sourceId());
        try {
            action.run();
        } finally {
            clear();
        }
    }

    public static void clear() {
        MDC.remove(PAIR);
        MDC.remove(EVENT_ID);
        MDC.remove(RECORD_ID);
    }
}
