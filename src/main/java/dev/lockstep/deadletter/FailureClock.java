package dev.lockstep.deadletter;

import dev.lockstep.pipeline.PipelineProperties;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Called by the dead-letter channel the moment each attempt fails ({@code onExceptionOccurredRef}),
 * while the exchange is still inside the failing step: remembers the first failure's time, counts
 * the attempts and names the step, for the dead letter. Properties survive
 * {@code useOriginalMessage}, which replaces only the message.
 */
@Component("failureClock")
public class FailureClock implements Processor {

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(PipelineProperties.FIRST_FAILURE) == null) {
            exchange.setProperty(PipelineProperties.FIRST_FAILURE, Instant.now());
        }
        int attempts = exchange.getProperty(PipelineProperties.ATTEMPTS, 0, Integer.class);
        exchange.setProperty(PipelineProperties.ATTEMPTS, attempts + 1);
        String step = exchange.getProperty(ExchangePropertyKey.STEP_ID, String.class);
        if (step != null) {
            exchange.setProperty(PipelineProperties.FAILED_STEP, step);
        }
    }
}
