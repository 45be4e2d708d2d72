package dev.lockstep.pipeline;

import dev.lockstep.mapping.TargetRow;
import org.apache.camel.Exchange;

/**
 * The exchange properties the pipeline steps hand to each other. Routes set the pair with
 * {@code setProperty: {name: lockstepPair, constant: <pair>}}; the rest is set by the steps.
 */
public final class PipelineProperties {

    /** The pair the exchange belongs to (set by the route). */
    public static final String PAIR = "lockstepPair";
    /** The event id of the webhook's event: the idempotent consumer's key (a property, so no bean call per request). */
    public static final String EVENT_ID = "lockstepEventId";
    /** The cleaned {@link dev.lockstep.event.ChangeEvent} the map step mapped; the body is reused for SQL after it. */
    public static final String EVENT = "lockstepEvent";
    /** The {@link TargetRow} the map step computed. */
    public static final String TARGET_ROW = "lockstepTargetRow";
    /** The resolve step's decision: an {@link Outcome} name. */
    public static final String OUTCOME = "lockstepOutcome";
    /** What the ledger knew of the record when the match step read it ({@code Optional<RecordState>}). */
    public static final String LEDGER_STATE = "lockstepLedgerState";
    /** On a webhook route: the other pairs fed by the same events, comma-separated (set by the route). */
    public static final String FAN_OUT = "lockstepFanOut";
    /** On a webhook route: the events for those other pairs that are on ({@code List<ChangeEvent>}), stored with the body's. */
    public static final String FAN_OUT_EVENTS = "lockstepFanOutEvents";
    /** The inbox row id of the event being processed. */
    public static final String INBOX_ID = "lockstepInboxId";
    /** When the first attempt failed, how many failed, and in which step (set by {@code FailureClock}). */
    public static final String FIRST_FAILURE = "lockstepFirstFailure";
    public static final String ATTEMPTS = "lockstepAttempts";
    public static final String FAILED_STEP = "lockstepFailedStep";

    private PipelineProperties() {
    }

    public static String pair(Exchange exchange) {
        String pair = exchange.getProperty(PAIR, String.class);
        if (pair == null) {
            throw new IllegalStateException("Route " + exchange.getFromRouteId() + " must set the exchange property " + PAIR);
        }
        return pair;
    }

    public static dev.lockstep.event.ChangeEvent event(Exchange exchange) {
        return exchange.getProperty(EVENT, dev.lockstep.event.ChangeEvent.class);
    }

    public static Outcome outcome(Exchange exchange) {
        return exchange.getProperty(OUTCOME, Outcome.class);
    }
}
