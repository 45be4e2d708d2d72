package dev.lockstep.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.deliver.http.HttpFailures;
import dev.lockstep.deliver.http.TargetPauses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Every call Lockstep makes to Salesforce, through camel-salesforce's endpoints (so login, a
 * re-login after {@code INVALID_SESSION_ID} and the instance URL are the component's): SOQL through
 * {@code salesforce:queryAll} then {@code salesforce:queryMore} on each {@code nextRecordsUrl}, and
 * sObject Collections through {@code salesforce:raw}. Each call carries
 * {@code Sforce-Call-Options: client=lockstep} (the component passes {@code Sforce-*} headers on), and
 * is counted ({@link #calls()}). {@code REQUEST_LIMIT_EXCEEDED} pauses every call for
 * {@code lockstep.http.rate-limit-wait} ({@code http_target_pause}, target {@code salesforce}).
 */
@Component
@Conditional(SalesforceConfigured.class)
public class SalesforceApi {

    public static final String TARGET = "salesforce";
    public static final String CALL_OPTIONS = "client=lockstep";

    /** One record's answer in an sObject Collections call. */
    public record RecordResult(boolean success, String id, String error) {
    }

    private final ProducerTemplate producer;
    private final TargetPauses pauses;
    private final ObjectMapper json;
    private final String apiVersion;
    private final Duration rateLimitWait;
    private final AtomicLong calls = new AtomicLong();
    private final Counter callsMetric;

    public SalesforceApi(ProducerTemplate producer, TargetPauses pauses, ObjectMapper json, MeterRegistry meters,
                         @Value("${camel.component.salesforce.api-version:62.0}") String apiVersion,
                         @Value("${lockstep.systems.salesforce.rate-limit-wait:${lockstep.http.rate-limit-wait:30s}}") Duration rateLimitWait) {
        this.producer = producer;
        this.pauses = pauses;
        this.json = json;
        this.apiVersion = apiVersion;
        this.rateLimitWait = rateLimitWait;
        this.callsMetric = Counter.builder("lockstep.salesforce.api.calls")
                .description("calls made to Salesforce's API (they count against the org's daily limit)").register(meters);
    }

    /** API calls made since start-up (logins are not API calls). */
    public long calls() {
        return calls.get();
    }

    /**
     * Runs a SOQL query (deleted records included: {@code queryAll}) and hands on each page's
     * records; stops early, between pages, when {@code more} says so.
     */
    public void query(String soql, Consumer<List<JsonNode>> onPage, java.util.function.BooleanSupplier more) {
        JsonNode page = call("salesforce:queryAll?rawPayload=true", Map.of("sObjectQuery", soql), null);
        while (true) {
            List<JsonNode> records = new ArrayList<>();
            page.path("records").forEach(records::add);
            onPage.accept(records);
            String next = page.path("nextRecordsUrl").asText(null);
            if (page.path("done").asBoolean(true) || next == null || !more.getAsBoolean()) {
                return;
            }
            page = call("salesforce:queryMore?rawPayload=true", Map.of("sObjectQuery", next), null);
        }
    }

    /**
     * Upserts up to 200 records by an external id field ({@code PATCH .../composite/sobjects/{type}/{field}},
     * {@code allOrNone=false}); answers one result per record, in order.
     */
    public List<RecordResult> upsert(String type, String externalIdField, List<Map<String, Object>> records) {
        List<Map<String, Object>> body = new ArrayList<>();
        for (Map<String, Object> r : records) {
            Map<String, Object> record = new java.util.LinkedHashMap<>();
            record.put("attributes", Map.of("type", type));
            record.putAll(r);
            body.add(record);
        }
        String path = "/services/data/v" + apiVersion + "/composite/sobjects/" + type + "/" + externalIdField;
        JsonNode answer = call("salesforce:raw?format=JSON&rawMethod=PATCH&rawPath=" + path, Map.of(),
                text(Map.of("allOrNone", false, "records", body)));
        return results(answer, records.size());
    }

    /** Deletes up to 200 records by Salesforce id ({@code DELETE .../composite/sobjects?ids=...&allOrNone=false}). */
    public List<RecordResult> delete(List<String> ids) {
        String path = "/services/data/v" + apiVersion + "/composite/sobjects";
        JsonNode answer = call("salesforce:raw?format=JSON&rawMethod=DELETE&rawQueryParameters=ids,allOrNone&rawPath=" + path,
                Map.of("ids", String.join(",", ids), "allOrNone", "false"), null);
        return results(answer, ids.size());
    }

    private List<RecordResult> results(JsonNode answer, int expected) {
        List<RecordResult> results = new ArrayList<>();
        for (JsonNode r : answer) {
            List<String> errors = new ArrayList<>();
            for (JsonNode e : r.path("errors")) {
                if (HttpFailures.SALESFORCE_RATE_LIMIT.equals(e.path("statusCode").asText())) {
                    throw rateLimited(e.path("message").asText());
                }
                errors.add(e.path("statusCode").asText() + ": " + e.path("message").asText()
                        + (e.path("fields").isEmpty() ? "" : " " + e.path("fields")));
            }
            results.add(new RecordResult(r.path("success").asBoolean(false), r.path("id").asText(null),
                    errors.isEmpty() ? null : String.join("; ", errors)));
        }
        if (results.size() != expected) {
            throw new IllegalStateException("Salesforce answered " + results.size() + " results for " + expected + " records");
        }
        return results;
    }

    private JsonNode call(String uri, Map<String, Object> headers, String body) {
        Instant now = Instant.now();
        if (pauses.paused(TARGET, now)) {
            throw new SalesforceRateLimitedException("Salesforce asked Lockstep to wait (REQUEST_LIMIT_EXCEEDED); not calling it yet");
        }
        calls.incrementAndGet();
        callsMetric.increment();
        Exchange done = producer.send(uri, exchange -> {
            exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
            exchange.getMessage().setHeader("Sforce-Call-Options", CALL_OPTIONS);
            if (body != null) {
                exchange.getMessage().setBody(body);
            }
        });
        Exception failure = done.getException();
        if (failure != null) {
            SalesforceException sf = failure instanceof SalesforceException s ? s : done.getException(SalesforceException.class);
            if (sf != null && isRateLimit(sf)) {
                throw rateLimited(sf.getMessage());
            }
            throw new SalesforceCallException("Salesforce call " + uri.replaceFirst("\\?.*rawPath=", " ").replaceFirst("\\?.*", "")
                    + " failed: " + (sf == null ? failure.getMessage() : describe(sf)), failure);
        }
        try {
            Object answer = done.getMessage().getBody();
            if (answer == null) {
                return json.createArrayNode();
            }
            String text = answer instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    : done.getMessage().getBody(String.class);
            return text == null || text.isBlank() ? json.createArrayNode() : json.readTree(text);
        } catch (IOException e) {
            throw new SalesforceCallException("unreadable answer from Salesforce: " + e.getMessage(), e);
        }
    }

    private static boolean isRateLimit(SalesforceException e) {
        if (e.getErrors() != null && e.getErrors().stream().map(RestError::getErrorCode).anyMatch(HttpFailures.SALESFORCE_RATE_LIMIT::equals)) {
            return true;
        }
        return e.getMessage() != null && e.getMessage().contains(HttpFailures.SALESFORCE_RATE_LIMIT);
    }

    private SalesforceRateLimitedException rateLimited(String message) {
        Instant until = Instant.now().plus(rateLimitWait);
        pauses.pause(TARGET, until, 403, HttpFailures.SALESFORCE_RATE_LIMIT);
        return new SalesforceRateLimitedException("Salesforce refused the call: " + HttpFailures.SALESFORCE_RATE_LIMIT + " (" + message
                + "); no call until " + until);
    }

    private static String describe(SalesforceException e) {
        if (e.getErrors() != null && !e.getErrors().isEmpty()) {
            return "HTTP " + e.getStatusCode() + " " + e.getErrors().stream().map(r -> r.getErrorCode() + ": " + r.getMessage()).toList();
        }
        return e.getMessage();
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
