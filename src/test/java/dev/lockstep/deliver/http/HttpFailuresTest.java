package dev.lockstep.deliver.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpFailuresTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final Duration CAP = Duration.ofMinutes(5);
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    static HttpFailures.Verdict classify(int status, String retryAfter, String body) {
        return HttpFailures.classify(status, retryAfter, body, NOW, CAP, DEFAULT_WAIT);
    }

    @Test
    void aTooManyRequestsAnswerIsARateLimitWithTheWaitItAsksFor() {
        assertThat(classify(429, "120", null)).isEqualTo(new HttpFailures.Verdict(HttpFailureKind.RATE_LIMITED, Duration.ofSeconds(120)));
        assertThat(classify(429, "Thu, 26 Nov 2026 10:01:30 GMT", null).pause()).isEqualTo(Duration.ofSeconds(90));
        assertThat(classify(429, null, null).pause()).as("no Retry-After: the default wait").isEqualTo(DEFAULT_WAIT);
        assertThat(classify(429, "soon", null).pause()).as("an unreadable Retry-After: the default wait").isEqualTo(DEFAULT_WAIT);
    }

    @Test
    void aRetryAfterLongerThanTheCapIsCutToTheCap() {
        assertThat(classify(429, "86400", null).pause()).isEqualTo(CAP);
        assertThat(classify(503, "Fri, 27 Nov 2026 10:00:00 GMT", null).pause()).isEqualTo(CAP);
        assertThat(HttpFailures.classify(429, null, null, NOW, Duration.ofSeconds(10), DEFAULT_WAIT).pause())
                .as("the default wait is capped too").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aRetryAfterDateInThePastMeansNoWait() {
        assertThat(classify(429, "Thu, 26 Nov 2026 09:00:00 GMT", null).pause()).isEqualTo(Duration.ZERO);
    }

    @Test
    void unavailableWithRetryAfterIsARateLimitAndWithoutItIsTransient() {
        assertThat(classify(503, "7", null)).isEqualTo(new HttpFailures.Verdict(HttpFailureKind.RATE_LIMITED, Duration.ofSeconds(7)));
        assertThat(classify(503, null, null).kind()).isEqualTo(HttpFailureKind.TRANSIENT);
        assertThat(classify(503, "-1", null).kind()).as("a malformed Retry-After is ignored").isEqualTo(HttpFailureKind.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504, 599, 408})
    void serverErrorsAndRequestTimeoutsAreTransient(int status) {
        assertThat(classify(status, null, "{}").kind()).isEqualTo(HttpFailureKind.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 405, 409, 410, 413, 422, 301, 302})
    void otherAnswersArePermanent(int status) {
        assertThat(classify(status, null, "{\"title\":\"Invalid Resource\"}").kind()).isEqualTo(HttpFailureKind.PERMANENT);
    }

    @Test
    void salesforcesRequestLimitExceededIsARateLimitWhateverTheStatus() {
        String restError = "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]";
        assertThat(classify(403, null, restError)).isEqualTo(new HttpFailures.Verdict(HttpFailureKind.RATE_LIMITED, DEFAULT_WAIT));
        String collections = "[{\"id\":null,\"success\":false,\"errors\":[{\"statusCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"limit\",\"fields\":[]}]}]";
        assertThat(classify(400, null, collections).kind()).isEqualTo(HttpFailureKind.RATE_LIMITED);
        assertThat(classify(403, null, "[{\"message\":\"nope\",\"errorCode\":\"INSUFFICIENT_ACCESS\"}]").kind()).isEqualTo(HttpFailureKind.PERMANENT);
        assertThat(HttpFailures.isSalesforceRateLimit("the text REQUEST_LIMIT_EXCEEDED outside an error code")).isFalse();
        assertThat(HttpFailures.isSalesforceRateLimit("[{\"message\":\"REQUEST_LIMIT_EXCEEDED\",\"errorCode\":\"OTHER\"}]")).isFalse();
        assertThat(HttpFailures.isSalesforceRateLimit(null)).isFalse();
    }

    @Test
    void failuresWithoutAnAnswerAreTransientEvenWhenWrapped() {
        assertThat(HttpFailures.kindOf(new SocketTimeoutException("Read timed out"))).isEqualTo(HttpFailureKind.TRANSIENT);
        assertThat(HttpFailures.kindOf(new RuntimeCamelException(new ConnectException("Connection refused")))).isEqualTo(HttpFailureKind.TRANSIENT);
        CircuitBreaker open = CircuitBreaker.ofDefaults("t");
        open.transitionToOpenState();
        assertThat(HttpFailures.kindOf(CallNotPermittedException.createCallNotPermittedException(open))).isEqualTo(HttpFailureKind.TRANSIENT);
        assertThat(HttpFailures.kindOf(new IllegalStateException("unexpected"))).isEqualTo(HttpFailureKind.TRANSIENT);
    }

    @Test
    void classifiedFailuresKeepTheirKindThroughWrappers() {
        HttpDeliveryException permanent = new HttpDeliveryException(HttpFailureKind.PERMANENT, 400, null, "HTTP 400");
        assertThat(HttpFailures.kindOf(new RuntimeCamelException(permanent))).isEqualTo(HttpFailureKind.PERMANENT);
        HttpDeliveryException limited = new HttpDeliveryException(HttpFailureKind.RATE_LIMITED, 429, Duration.ofSeconds(3), "HTTP 429");
        assertThat(HttpFailures.rateLimitWait(new RuntimeCamelException(limited))).contains(Duration.ofSeconds(3));
        assertThat(HttpFailures.rateLimitWait(permanent)).isEmpty();
        HttpOperationFailedException camel = new HttpOperationFailedException("http://x/y", 429, "Too Many", null,
                Map.of("Retry-After", "5"), "");
        assertThat(HttpFailures.kindOf(camel)).isEqualTo(HttpFailureKind.RATE_LIMITED);
    }

    @Test
    void theCircuitBreakerCountsOnlyFailuresThatSayTheTargetIsUnwell() {
        assertThat(HttpFailureKind.TRANSIENT.targetUnwell()).isTrue();
        assertThat(HttpFailureKind.PERMANENT.targetUnwell()).isFalse();
        assertThat(HttpFailureKind.RATE_LIMITED.targetUnwell()).isFalse();
    }

    @Test
    void theBackOffGrowsExponentiallyWithJitterAndNeverPassesTheCap() {
        HttpTargets.RetryPolicy policy = new HttpTargets.RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0);
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayMillis(1)).isBetween(75L, 125L);
            assertThat(policy.delayMillis(3)).isBetween(300L, 500L);
            assertThat(policy.delayMillis(10)).isBetween(750L, 1000L);
        }
    }
}
