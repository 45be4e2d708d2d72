package dev.lockstep.deliver.http;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends a bulk call to an HTTP target (a scheduled batch pair's request carries many records, so it
 * cannot be parked in the inbox one event at a time) through the route that makes the call, and
 * sends it again as a whole while that is worth it:
 * <ul>
 *   <li>a rate limit (429, 503 with Retry-After) waits what the target asked, capped by its
 *       {@code retry-after-cap}, up to {@code rate-limit-retries} times; it is recorded as the
 *       target's pause (so operators see it) and costs no attempt;</li>
 *   <li>a transient failure (5xx, timeout, an open circuit breaker) is retried with the target's
 *       back-off and jitter, up to its {@code retry.maximum-redeliveries};</li>
 *   <li>a permanent one (another 4xx) is not retried.</li>
 * </ul>
 * When retries run out the failure is thrown to the caller. The waits block the calling run's own
 * thread, which is what a scheduled run is for; a webhook pair parks instead ({@link RateLimitPark}).
 *
 * <p>Why here and not Camel's redelivery in a route configuration: the call goes through a circuit
 * breaker EIP, inside which Camel leaves error handling to the breaker, and a route's error handler
 * saw the failure only as exhausted; one loop with the target's policies says plainly what happens.
 */
@Component
public class BatchHttpRetry {

    private static final Logger log = LoggerFactory.getLogger(BatchHttpRetry.class);

    private final HttpTargets targets;
    private final TargetPauses pauses;

    public BatchHttpRetry(HttpTargets targets, TargetPauses pauses) {
        this.targets = targets;
        this.pauses = pauses;
    }

    /**
     * Sends to {@code endpoint} (a route that makes one call to {@code target}) until it succeeds or
     * is not worth repeating; the successful exchange.
     *
     * @param prepare sets up each attempt's exchange (the same request every time)
     * @throws Exception the last failure, when the call did not succeed
     */
    public Exchange send(ProducerTemplate producer, String endpoint, String target, Processor prepare) throws Exception {
        int failures = 0;
        int rateLimits = 0;
        while (true) {
            Exchange answer = producer.send(endpoint, prepare);
            Exception failure = answer.getException();
            if (failure == null) {
                return answer;
            }
            long wait;
            switch (HttpFailures.kindOf(failure)) {
                case PERMANENT -> throw failure;
                case RATE_LIMITED -> {
                    if (++rateLimits > targets.rateLimitRetries(target)) {
                        throw failure;
                    }
                    Duration asked = HttpFailures.rateLimitWait(failure).filter(d -> d.compareTo(RateLimitPark.MINIMUM_PAUSE) > 0)
                            .orElse(RateLimitPark.MINIMUM_PAUSE);
                    int status = failure instanceof HttpDeliveryException http ? http.status() : 0;
                    pauses.pause(target, Instant.now().plus(asked), status, failure.getMessage());
                    wait = asked.toMillis();
                }
                default -> {
                    HttpTargets.RetryPolicy policy = targets.retryPolicy(target);
                    if (++failures > policy.maximumRedeliveries()) {
                        throw failure;
                    }
                    wait = policy.delayMillis(failures);
                }
            }
            log.warn("Bulk call to HTTP target '{}' failed ({}): sending it again in {} ms", target, failure.getMessage(), wait);
            Thread.sleep(wait);
        }
    }
}
