package dev.lockstep.deliver.http;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The first step of an HTTP pair after reading an event: while the target is paused by a rate
 * limit, the event is left pending in the inbox (the route stops for it, nothing is marked), so the
 * rest of a batch polled before the pause does not overtake the parked event or knock on the
 * target again.
 */
@Component("rateLimitGate")
public class RateLimitGate implements Processor {

    private final TargetPauses pauses;

    public RateLimitGate(TargetPauses pauses) {
        this.pauses = pauses;
    }

    @Override
    public void process(Exchange exchange) {
        if (pauses.paused(HttpTarget.of(exchange), Instant.now())) {
            exchange.setRouteStop(true);
        }
    }
}
