package dev.lockstep.deliver.http;

import dev.lockstep.pipeline.PipelineProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter channel's {@code retryWhileRef} for HTTP pairs: retry a transient failure until
 * the target's {@code maximum-redeliveries} is used up; never retry a permanent one (a 4xx goes
 * straight to the dead letters, after one request).
 */
@Component("httpRetryPolicy")
public class HttpRetryPolicy implements Predicate {

    private final HttpTargets targets;

    public HttpRetryPolicy(HttpTargets targets) {
        this.targets = targets;
    }

    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (HttpFailures.kindOf(failure) == HttpFailureKind.PERMANENT) {
            return false;
        }
        int failures = exchange.getProperty(PipelineProperties.ATTEMPTS, 1, Integer.class);
        return failures <= targets.retryPolicy(HttpTarget.of(exchange)).maximumRedeliveries();
    }
}
