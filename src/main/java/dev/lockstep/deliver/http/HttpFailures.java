package dev.lockstep.deliver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Classifies failed calls to HTTP targets. Pure functions, shared by every HTTP pair (the email
 * API now; accounting and Salesforce later), so a status means the same thing everywhere:
 * <ul>
 *   <li>429, 503 with {@code Retry-After}, and Salesforce's {@code REQUEST_LIMIT_EXCEEDED}: the
 *       target is rate limiting us, {@link HttpFailureKind#RATE_LIMITED}, with how long to wait;</li>
 *   <li>other 5xx, 408, timeouts, connection errors and an open circuit breaker:
 *       {@link HttpFailureKind#TRANSIENT};</li>
 *   <li>other 4xx (and anything else that is not a success): {@link HttpFailureKind#PERMANENT}.</li>
 * </ul>
 */
public final class HttpFailures {

    /** Salesforce's error code when an org has used up its API requests (answered with 403). */
    public static final String SALESFORCE_RATE_LIMIT = "REQUEST_LIMIT_EXCEEDED";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a failed answer means, and how long to pause before asking again (only for rate limits). */
    public record Verdict(HttpFailureKind kind, Duration pause) {
    }

    private HttpFailures() {
    }

    /**
     * Classifies an answered call that was not a success.
     *
     * @param retryAfter  the {@code Retry-After} header, or null
     * @param cap         the longest wait honoured; a longer {@code Retry-After} is cut to this
     * @param defaultWait the wait for a rate limit that does not say how long
     */
    public static Verdict classify(int status, String retryAfter, String body, Instant now, Duration cap, Duration defaultWait) {
        Optional<Duration> asked = parseRetryAfter(retryAfter, now).map(d -> d.compareTo(cap) > 0 ? cap : d);
        if (status == 429 || isSalesforceRateLimit(body)) {
            return new Verdict(HttpFailureKind.RATE_LIMITED, asked.orElse(min(defaultWait, cap)));
        }
        if (status == 503 && asked.isPresent()) {
            return new Verdict(HttpFailureKind.RATE_LIMITED, asked.get());
        }
        if (status >= 500 || status == 408) {
            return new Verdict(HttpFailureKind.TRANSIENT, null);
        }
        return new Verdict(HttpFailureKind.PERMANENT, null);
    }

    /**
     * What any failure of a delivery means, looking through wrappers (the circuit breaker and Camel
     * wrap what the call threw). A failure that is not about the answer — a timeout, a refused
     * connection, an open circuit breaker, or anything unexpected — is worth retrying.
     */
    public static HttpFailureKind kindOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpDeliveryException http) {
                return http.kind();
            }
            if (t instanceof HttpOperationFailedException http) {
                return classify(http.getStatusCode(), http.getResponseHeaders() == null ? null : http.getResponseHeaders().get("Retry-After"),
                        http.getResponseBody(), Instant.now(), Duration.ofHours(1), Duration.ofSeconds(1)).kind();
            }
            if (t instanceof CallNotPermittedException || t instanceof IOException) {
                return HttpFailureKind.TRANSIENT;
            }
        }
        return HttpFailureKind.TRANSIENT;
    }

    /** The rate-limit wait a failure carries, if it is one. */
    public static Optional<Duration> rateLimitWait(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpDeliveryException http && http.kind() == HttpFailureKind.RATE_LIMITED) {
                return Optional.ofNullable(http.retryAfter());
            }
        }
        return Optional.empty();
    }

    /**
     * {@code Retry-After} as a duration from {@code now}: either delay-seconds ({@code 120}) or an
     * HTTP date ({@code Wed, 21 Oct 2026 07:28:00 GMT}); a date in the past is no wait. Anything
     * else (missing, negative, garbage) is empty.
     */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String text = value.strip();
        if (text.matches("\\d{1,10}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether a response body carries Salesforce's {@code REQUEST_LIMIT_EXCEEDED}: as the REST API's
     * error list ({@code [{"errorCode": ...}]}) or as a per-record error of sObject Collections
     * ({@code [{"success": false, "errors": [{"statusCode": ...}]}]}).
     */
    public static boolean isSalesforceRateLimit(String body) {
        if (body == null || !body.contains(SALESFORCE_RATE_LIMIT)) {
            return false;
        }
        try {
            return names(JSON.readTree(body));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean names(JsonNode node) {
        if (node.isObject()) {
            for (String field : new String[] {"errorCode", "statusCode"}) {
                if (SALESFORCE_RATE_LIMIT.equals(node.path(field).asText(null))) {
                    return true;
                }
            }
        }
        for (JsonNode child : node) {
            if (names(child)) {
                return true;
            }
        }
        return false;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
