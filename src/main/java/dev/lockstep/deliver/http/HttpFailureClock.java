package dev.lockstep.deliver.http;

import dev.lockstep.deadletter.FailureClock;
import dev.lockstep.pipeline.PipelineProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The HTTP pipeline's {@code onExceptionOccurredRef}: does what {@link FailureClock} does for every
 * pipeline (first failure, attempts, step), and sets the wait before the next attempt from the
 * target's own retry policy ({@code CamelRedeliveryDelay}, which Camel's redelivery honours), so
 * each target backs off on its own schedule under one shared route configuration.
 */
@Component("httpFailureClock")
public class HttpFailureClock implements Processor {

    private final FailureClock clock;
    private final HttpTargets targets;

    public HttpFailureClock(FailureClock clock, HttpTargets targets) {
        this.clock = clock;
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        clock.process(exchange);
        int failures = exchange.getProperty(PipelineProperties.ATTEMPTS, 1, Integer.class);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, targets.retryPolicy(HttpTarget.of(exchange)).delayMillis(failures));
    }
}
