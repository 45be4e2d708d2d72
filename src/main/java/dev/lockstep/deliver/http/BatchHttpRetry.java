package dev.lockstep.deliver.http;

import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Retries of a bulk call to an HTTP target (a scheduled batch pair, whose request carries many
 * records, so it cannot be parked in the inbox one event at a time): the error handler's
 * {@code onExceptionOccurredRef} and {@code retryWhileRef} of {@code lockstep-http-batch}.
 * <ul>
 *   <li>a rate limit (429, 503 with Retry-After) waits what the target asked, capped by its
 *       {@code retry-after-cap}, and is tried again, up to {@code rate-limit-retries} times;
 *       it is recorded as the target's pause (so the operator sees it) and costs no attempt;</li>
 *   <li>a transient failure (5xx, timeout, an open circuit breaker) is retried with the target's
 *       back-off and jitter, up to its {@code retry.maximum-redeliveries};</li>
 *   <li>a permanent one (another 4xx) is not retried.</li>
 * </ul>
 * When retries run out the failure reaches the calling route: the batch's events stay pending in the
 * inbox, for the next run. The wait blocks the run's own thread only (a nightly run, not a webhook).
 */
@Component("batchHttpRetry")
public class BatchHttpRetry implements Processor, Predicate {

    private static final Logger log = LoggerFactory.getLogger(BatchHttpRetry.class);
    static final String FAILURES = "lockstepBatchFailures";
    static final String RATE_LIMITS = "lockstepBatchRateLimits";

    private final HttpTargets targets;
    private final TargetPauses pauses;

    public BatchHttpRetry(HttpTargets targets, TargetPauses pauses) {
        this.targets = targets;
        this.pauses = pauses;
    }

    /** After each failed attempt: counts it and sets the wait before the next ({@code CamelRedeliveryDelay}). */
    @Override
    public void process(Exchange exchange) {
        Throwable failure = failure(exchange);
        String target = HttpTarget.of(exchange);
        if (HttpFailures.kindOf(failure) == HttpFailureKind.RATE_LIMITED) {
            int waits = exchange.getProperty(RATE_LIMITS, 0, Integer.class) + 1;
            exchange.setProperty(RATE_LIMITS, waits);
            Duration wait = HttpFailures.rateLimitWait(failure).filter(d -> d.compareTo(RateLimitPark.MINIMUM_PAUSE) > 0)
                    .orElse(RateLimitPark.MINIMUM_PAUSE);
            int status = failure instanceof HttpDeliveryException http ? http.status() : 0;
            pauses.pause(target, java.time.Instant.now().plus(wait), status, failure.getMessage());
            log.warn("HTTP target '{}' rate-limited a bulk request ({}): waiting {} ms before sending it again",
                    target, failure.getMessage(), wait.toMillis());
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait.toMillis());
            return;
        }
        int failures = exchange.getProperty(FAILURES, 0, Integer.class) + 1;
        exchange.setProperty(FAILURES, failures);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, targets.retryPolicy(target).delayMillis(failures));
    }

    /** Whether to send the request again. */
    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = failure(exchange);
        String target = HttpTarget.of(exchange);
        return switch (HttpFailures.kindOf(failure)) {
            case PERMANENT -> false;
            case RATE_LIMITED -> exchange.getProperty(RATE_LIMITS, 0, Integer.class) <= targets.rateLimitRetries(target);
            case TRANSIENT -> exchange.getProperty(FAILURES, 0, Integer.class) <= targets.retryPolicy(target).maximumRedeliveries();
        };
    }

    private static Throwable failure(Exchange exchange) {
        return exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
