package dev.lockstep.deliver.http;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an HTTP pair does when its target rate-limits it (429, 503 with Retry-After, Salesforce's
 * REQUEST_LIMIT_EXCEEDED): the target is paused until the time it asked for (capped), and the event
 * stays pending in the inbox, untouched, to be read again after the pause, first in its pair's order.
 *
 * <p>Why park instead of a delayed redelivery: a {@code Retry-After} can be minutes; parking holds
 * no thread and no exchange meanwhile, survives a restart, pauses every replica (the pause is a
 * row), and keeps each record's order (nothing of the pair is read before the parked event). A rate
 * limit is not the event's fault, so it never costs the event an attempt or a dead letter.
 */
@Component("rateLimitPark")
public class RateLimitPark implements Processor {

    private static final Logger log = LoggerFactory.getLogger(RateLimitPark.class);
    static final Duration MINIMUM_PAUSE = Duration.ofSeconds(1);

    private final TargetPauses pauses;

    public RateLimitPark(TargetPauses pauses) {
        this.pauses = pauses;
    }

    /** The {@code onWhen} of the route configuration's rate-limit clause. */
    public boolean appliesTo(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (failure == null) {
            failure = exchange.getException();
        }
        return failure != null && HttpFailures.kindOf(failure) == HttpFailureKind.RATE_LIMITED;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String target = HttpTarget.of(exchange);
        // At least a second: "Retry-After: 0" (or a date already past) must not turn into a busy loop.
        Duration wait = HttpFailures.rateLimitWait(failure).filter(d -> d.compareTo(MINIMUM_PAUSE) > 0).orElse(MINIMUM_PAUSE);
        int status = failure instanceof HttpDeliveryException http ? http.status() : 0;
        pauses.pause(target, Instant.now().plus(wait), status, failure == null ? null : failure.getMessage());
        log.warn("HTTP target '{}' rate-limited us ({}): its pairs wait {} ms; the event stays pending",
                target, failure == null ? "?" : failure.getMessage(), wait.toMillis());
    }
}
