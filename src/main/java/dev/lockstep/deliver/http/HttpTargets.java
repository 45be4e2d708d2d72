package dev.lockstep.deliver.http;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The reliability settings of each HTTP target, read per target with shared defaults:
 * {@code lockstep.systems.<target>.retry.*} falls back to {@code lockstep.http.retry.*}, and so on
 * for {@code retry-after-cap}, {@code rate-limit-wait} and {@code circuit-breaker.*}. One circuit
 * breaker per target, so one API being down does not stop calls to another.
 */
@Component
public class HttpTargets {

    private static final Logger log = LoggerFactory.getLogger(HttpTargets.class);

    /**
     * Back-off between attempts: the first retry after {@code initialDelay}, each next one
     * {@code multiplier} times longer, never longer than {@code maximumDelay}; jittered by ±25% so
     * replicas and records that failed together do not retry together.
     */
    public record RetryPolicy(int maximumRedeliveries, Duration initialDelay, Duration maximumDelay, double multiplier) {

        /** The wait before retry number {@code retry} (1 is the first retry). */
        public long delayMillis(int retry) {
            double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
            double capped = Math.min(base, maximumDelay.toMillis());
            double jittered = capped * ThreadLocalRandom.current().nextDouble(0.75, 1.25);
            return Math.round(Math.min(jittered, maximumDelay.toMillis()));
        }
    }

    private final Binder binder;
    private final Map<String, RetryPolicy> retries = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public HttpTargets(Environment env) {
        this.binder = Binder.get(env);
    }

    public RetryPolicy retryPolicy(String target) {
        return retries.computeIfAbsent(target, t -> new RetryPolicy(
                setting(t, "retry.maximum-redeliveries", Integer.class, 6),
                setting(t, "retry.initial-delay", Duration.class, Duration.ofSeconds(1)),
                setting(t, "retry.maximum-delay", Duration.class, Duration.ofSeconds(60)),
                setting(t, "retry.multiplier", Double.class, 2.0)));
    }

    /** The longest {@code Retry-After} honoured; a target asking for longer is asked again after this. */
    public Duration retryAfterCap(String target) {
        return setting(target, "retry-after-cap", Duration.class, Duration.ofMinutes(5));
    }

    /** How often a bulk request that is rate-limited is sent again (each time after the wait asked for). */
    public int rateLimitRetries(String target) {
        return setting(target, "rate-limit-retries", Integer.class, 10);
    }

    /** How long to leave a target alone after a rate limit that did not say how long. */
    public Duration rateLimitWait(String target) {
        return setting(target, "rate-limit-wait", Duration.class, Duration.ofSeconds(30));
    }

    /**
     * The target's circuit breaker. It counts only failures that say the target is unwell (5xx,
     * timeouts, connection errors); a 4xx or a rate limit is an answer from a healthy target.
     */
    public CircuitBreaker circuitBreaker(String target) {
        return breakers.computeIfAbsent(target, t -> {
            CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                    .failureRateThreshold(setting(t, "circuit-breaker.failure-rate-threshold", Float.class, 50f))
                    .slidingWindowSize(setting(t, "circuit-breaker.sliding-window-size", Integer.class, 20))
                    .minimumNumberOfCalls(setting(t, "circuit-breaker.minimum-number-of-calls", Integer.class, 10))
                    .waitDurationInOpenState(setting(t, "circuit-breaker.wait-duration-in-open-state", Duration.class, Duration.ofSeconds(30)))
                    .permittedNumberOfCallsInHalfOpenState(setting(t, "circuit-breaker.permitted-calls-in-half-open-state", Integer.class, 2))
                    // Closing again needs no traffic-independent timer thread: the first call after the wait probes.
                    .automaticTransitionFromOpenToHalfOpenEnabled(false)
                    .recordException(failure -> HttpFailures.kindOf(failure).targetUnwell())
                    .build();
            CircuitBreaker breaker = CircuitBreaker.of(t, config);
            breaker.getEventPublisher().onStateTransition(event ->
                    log.warn("Circuit breaker of HTTP target '{}': {}", t, event.getStateTransition()));
            return breaker;
        });
    }

    private <T> T setting(String target, String key, Class<T> type, T fallback) {
        return binder.bind("lockstep.systems." + target + "." + key, type)
                .orElseGet(() -> binder.bind("lockstep.http." + key, type).orElse(fallback));
    }
}
