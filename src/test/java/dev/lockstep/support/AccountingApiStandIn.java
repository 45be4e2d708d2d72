package dev.lockstep.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A local stand-in for an accounting API, speaking Xero's Invoices resource
 * (https://developer.xero.com/documentation/api/accounting/invoices), one per JVM, shared by the
 * end-to-end tests' one Spring context. It keeps invoices in memory:
 * <ul>
 *   <li>{@code POST /api.xro/2.0/Invoices?summarizeErrors=false} with {@code {"Invoices": [...]}}
 *       creates or updates each invoice (by {@code InvoiceID}, else by {@code InvoiceNumber}) and
 *       answers 200 with one invoice per invoice sent: {@code StatusAttributeString} {@code OK} and
 *       its {@code InvoiceID}, or {@code ERROR} with {@code ValidationErrors} (an account code not in
 *       the chart of accounts, a missing contact, an unknown InvoiceID);</li>
 *   <li>an {@code Idempotency-Key} seen before gets the first answer again, and changes nothing;</li>
 *   <li>{@code GET /api.xro/2.0/Invoices?page=N&pageSize=M&order=InvoiceNumber} lists them, dates as
 *       Xero's JSON gives them ({@code /Date(1793491200000+0000)/});</li>
 *   <li>every call needs {@code Authorization: Bearer <token>}, else 401.</li>
 * </ul>
 * Tests add stubs of a higher priority to play rate limits, and {@link #failAfterApplying} for
 * server errors that hit after the request took effect.
 */
public final class AccountingApiStandIn {

    public static final String TOKEN = "test-accounting-token";
    public static final String INVOICES = "/api.xro/2.0/Invoices";
    public static final Set<String> ACCOUNT_CODES = Set.of("200", "260", "400");
    private static final int DEFAULT_PRIORITY = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WireMockServer server;
    private static final Map<String, ObjectNode> invoices = new ConcurrentHashMap<>();
    private static final Map<String, String> answered = new ConcurrentHashMap<>();
    private static final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();

    private AccountingApiStandIn() {
    }

    public static synchronized WireMockServer get() {
        if (server == null) {
            WireMockServer started = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                    .containerThreads(20).extensions(new Api()));
            started.start();
            started.stubFor(post(urlPathEqualTo(INVOICES)).atPriority(DEFAULT_PRIORITY)
                    .willReturn(aResponse().withTransformers(Api.NAME)));
            started.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(INVOICES)).atPriority(DEFAULT_PRIORITY)
                    .willReturn(aResponse().withTransformers(Api.NAME)));
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "accounting-api-stand-in-stop"));
            server = started;
        }
        return server;
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + get().port() + "/api.xro/2.0";
    }

    /** The shared context's accounting settings: the stand-in, small batches, and quick retries (same behaviour, faster). */
    public static String[] properties() {
        return new String[] {
            "lockstep.systems.accounting.base-url=" + baseUrl(),
            "lockstep.systems.accounting.token=" + TOKEN,
            "lockstep.systems.accounting.retry.maximum-redeliveries=4",
            "lockstep.systems.accounting.retry.initial-delay=50ms",
            "lockstep.systems.accounting.retry.maximum-delay=400ms",
            "lockstep.systems.accounting.retry-after-cap=3s",
            "lockstep.systems.accounting.page-size=4",
            "lockstep.pairs.billing-to-accounting.batch-size=3",
            "lockstep.pairs.billing-to-accounting.overlap=0s",
        };
    }

    /** The next {@code statuses.length} bulk posts take effect but are answered with these statuses (a 5xx after the commit). */
    public static void failAfterApplying(int... statuses) {
        for (int status : statuses) {
            failures.add(status);
        }
    }

    /** The stored invoice with this number, as the API would list it; null when there is none. */
    public static ObjectNode invoice(String number) {
        return invoices.values().stream().filter(i -> number.equals(i.path("InvoiceNumber").asText())).findFirst()
                .map(ObjectNode::deepCopy).orElse(null);
    }

    /** How many stored invoices carry this number (a duplicate would make it more than one). */
    public static long count(String number) {
        return invoices.values().stream().filter(i -> number.equals(i.path("InvoiceNumber").asText())).count();
    }

    /** Drift planted behind Lockstep's back: an invoice removed from accounting. */
    public static void remove(String number) {
        invoices.values().removeIf(i -> number.equals(i.path("InvoiceNumber").asText()));
    }

    /** Drift planted behind Lockstep's back: an invoice's line item amount changed in accounting. */
    public static void changeUnitAmount(String number, String amount) {
        invoices.values().stream().filter(i -> number.equals(i.path("InvoiceNumber").asText()))
                .forEach(i -> ((ObjectNode) i.path("LineItems").path(0)).put("UnitAmount", new java.math.BigDecimal(amount)));
    }

    /** An invoice entered in accounting directly, which no billing invoice accounts for. */
    public static void addDirectly(String number) {
        ObjectNode invoice = JSON.createObjectNode();
        invoice.put("InvoiceID", UUID.randomUUID().toString());
        invoice.put("Type", "ACCREC");
        invoice.put("InvoiceNumber", number);
        invoice.putObject("Contact").put("Name", "Walk-in customer");
        invoice.putArray("LineItems").addObject().put("Description", "Cash sale").put("Quantity", 1.0).put("UnitAmount", 10.0)
                .put("AccountCode", "200");
        invoices.put(invoice.get("InvoiceID").asText(), invoice);
    }

    /** The invoices of each bulk post received so far (after {@code resetRequests}), in order. */
    public static List<JsonNode> postedBatches() {
        List<JsonNode> batches = new ArrayList<>();
        for (var request : get().findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(INVOICES)))) {
            try {
                batches.add(JSON.readTree(request.getBodyAsString()).path("Invoices"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return batches;
    }

    /** The stateful API, as a WireMock response transformer. */
    static final class Api implements ResponseDefinitionTransformerV2 {

        static final String NAME = "xero-invoices";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
                return json(401, "{\"Title\":\"Unauthorized\",\"Status\":401,\"Detail\":\"AuthenticationUnsuccessful\"}");
            }
            try {
                return request.getMethod().getName().equals("GET") ? list(request) : post(request);
            } catch (Exception e) {
                return json(400, "{\"ErrorNumber\":14,\"Type\":\"PostDataInvalidException\",\"Message\":\"" + e.getMessage() + "\"}");
            }
        }

        private synchronized ResponseDefinition post(Request request) throws Exception {
            String key = request.getHeader("Idempotency-Key");
            String body;
            if (key != null && answered.containsKey(key)) {
                body = answered.get(key);
            } else {
                ArrayNode results = JSON.createArrayNode();
                for (JsonNode sent : JSON.readTree(request.getBodyAsString()).path("Invoices")) {
                    results.add(save((ObjectNode) sent.deepCopy()));
                }
                ObjectNode answer = JSON.createObjectNode();
                answer.put("Id", UUID.randomUUID().toString());
                answer.put("Status", "OK");
                answer.put("ProviderName", "Lockstep");
                answer.put("DateTimeUTC", msDate(Instant.now()));
                answer.set("Invoices", results);
                body = JSON.writeValueAsString(answer);
                if (key != null) {
                    answered.put(key, body);
                }
            }
            Integer failure = failures.poll();
            if (failure != null) {
                return json(failure, "{\"Title\":\"Internal Server Error\",\"Status\":" + failure + "}");
            }
            return json(200, body);
        }

        private static ObjectNode save(ObjectNode sent) {
            List<String> errors = new ArrayList<>();
            if (sent.path("Contact").path("Name").asText("").isBlank()) {
                errors.add("A Contact must be specified for this type of transaction");
            }
            String account = sent.path("LineItems").path(0).path("AccountCode").asText("");
            if (!ACCOUNT_CODES.contains(account)) {
                errors.add("Account code '" + account + "' is not a valid code for this document.");
            }
            String id = sent.path("InvoiceID").asText(null);
            if (id != null && !invoices.containsKey(id)) {
                errors.add("Invoice could not be found");
            }
            if (!errors.isEmpty()) {
                sent.put("StatusAttributeString", "ERROR");
                sent.put("HasErrors", true);
                ArrayNode list = sent.putArray("ValidationErrors");
                errors.forEach(m -> list.addObject().put("Message", m));
                return sent;
            }
            if (id == null) {
                ObjectNode existing = invoice(sent.path("InvoiceNumber").asText());
                id = existing != null ? existing.get("InvoiceID").asText() : UUID.randomUUID().toString();
            }
            ObjectNode stored = sent.deepCopy();
            stored.put("InvoiceID", id);
            for (String field : List.of("Date", "DueDate")) {
                if (stored.hasNonNull(field)) {
                    LocalDate day = LocalDate.parse(stored.get(field).asText().substring(0, 10));
                    stored.put(field + "String", day + "T00:00:00");
                    stored.put(field, msDate(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
                }
            }
            stored.put("UpdatedDateUTC", msDate(Instant.now()));
            invoices.put(id, stored);
            ObjectNode result = stored.deepCopy();
            result.put("StatusAttributeString", "OK");
            return result;
        }

        private static ResponseDefinition list(Request request) throws Exception {
            int page = Integer.parseInt(param(request, "page", "1"));
            int size = Integer.parseInt(param(request, "pageSize", "100"));
            List<ObjectNode> sorted = invoices.values().stream()
                    .sorted(Comparator.comparing((ObjectNode i) -> i.path("InvoiceNumber").asText())).toList();
            ObjectNode answer = JSON.createObjectNode();
            answer.put("Status", "OK");
            ArrayNode list = answer.putArray("Invoices");
            sorted.stream().skip((long) (page - 1) * size).limit(size).forEach(list::add);
            return json(200, JSON.writeValueAsString(answer));
        }

        private static String param(Request request, String name, String fallback) {
            QueryParameter p = request.queryParameter(name);
            return p != null && p.isPresent() ? p.firstValue() : fallback;
        }

        private static String msDate(Instant at) {
            return "/Date(" + at.toEpochMilli() + "+0000)/";
        }

        private static ResponseDefinition json(int status, String body) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
        }
    }
}
