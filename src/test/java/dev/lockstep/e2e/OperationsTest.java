package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.support.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

/**
 * Operating Lockstep: the Prometheus metrics per pair, the liveness and readiness groups, the
 * correlation id in every log line about an event, the operator API (pairs, pause and resume,
 * JSON errors, the OpenAPI description). Runs in the shared end-to-end context.
 */
class OperationsTest extends PipelineTestSupport {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PAIR = "crm-to-billing";

    @Value("${spring.datasource.url}")
    String stateUrl;

    // --- metrics ----------------------------------------------------------------------------------

    @Test
    void prometheusCountsReceivedDuplicateAndClosedEventsPerPairWithTheirLatency() throws Exception {
        String applied = uniqueId("e");
        String quarantined = uniqueId("e");
        double received = sample("lockstep_events_received_total", Map.of("pair", PAIR));
        double duplicates = sample("lockstep_events_duplicates_total", Map.of("pair", PAIR));
        double written = sample("lockstep_events_closed_total", Map.of("pair", PAIR, "outcome", "APPLIED"));
        double bad = sample("lockstep_events_closed_total", Map.of("pair", PAIR, "outcome", "QUARANTINED"));
        double timed = sample("lockstep_events_latency_seconds_count", Map.of("pair", PAIR, "outcome", "APPLIED"));

        String body = contact(applied, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        assertThat(http.postJson(WEBHOOK, body).statusCode()).isEqualTo(202);
        assertThat(http.postJson(WEBHOOK, body).statusCode()).as("the duplicate").isEqualTo(202);
        assertThat(http.postJson(WEBHOOK, contact(quarantined, uniqueId("C"), "not-an-email", "Ada", "L", null, "GB",
                "2026-11-26T10:00:00Z", false)).statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> outcome(applied), "APPLIED"::equals);
        await().atMost(WAIT).until(() -> outcome(quarantined), "QUARANTINED"::equals);

        // Other tests share the application: compare with the values before, at least what this test sent.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(sample("lockstep_events_received_total", Map.of("pair", PAIR)) - received).isGreaterThanOrEqualTo(2);
            assertThat(sample("lockstep_events_duplicates_total", Map.of("pair", PAIR)) - duplicates).isGreaterThanOrEqualTo(1);
            assertThat(sample("lockstep_events_closed_total", Map.of("pair", PAIR, "outcome", "APPLIED")) - written).isGreaterThanOrEqualTo(1);
            assertThat(sample("lockstep_events_closed_total", Map.of("pair", PAIR, "outcome", "QUARANTINED")) - bad).isGreaterThanOrEqualTo(1);
            assertThat(sample("lockstep_events_latency_seconds_count", Map.of("pair", PAIR, "outcome", "APPLIED")) - timed)
                    .isGreaterThanOrEqualTo(1);
        });
        String scrape = http.get("/actuator/prometheus").body();
        assertThat(scrape).contains("lockstep_events_latency_seconds_bucket{", "lockstep_inbox_pending{",
                "lockstep_inbox_lag_seconds{", "lockstep_dead_letters_open{");
    }

    @Test
    void webhookRequestsAreTimedByPathAndStatusOncePerRequest() throws Exception {
        Map<String, String> accepted = Map.of("uri", WEBHOOK, "method", "POST", "status", "202", "outcome", "SUCCESS");
        Map<String, String> refused = Map.of("uri", WEBHOOK, "method", "POST", "status", "415", "outcome", "CLIENT_ERROR");
        Map<String, String> unknown = Map.of("uri", "UNKNOWN", "method", "POST");
        double acceptedBefore = sample("http_server_requests_seconds_count", accepted);
        double refusedBefore = sample("http_server_requests_seconds_count", refused);
        double unknownBefore = sample("http_server_requests_seconds_count", unknown);

        for (int i = 0; i < 3; i++) {
            assertThat(http.postJson(WEBHOOK, contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z")).statusCode())
                    .isEqualTo(202);
        }
        assertThat(http.post(WEBHOOK, "text/plain", "hello", Map.of()).statusCode()).isEqualTo(415);

        // Other tests share the application and may post meanwhile: at least ours, and each one once.
        assertThat(sample("http_server_requests_seconds_count", accepted) - acceptedBefore).isGreaterThanOrEqualTo(3);
        assertThat(sample("http_server_requests_seconds_count", refused) - refusedBefore).isEqualTo(1);
        assertThat(sample("http_server_requests_seconds_count", unknown) - unknownBefore)
                .as("Spring's observation filter no longer counts webhooks a second time, as UNKNOWN").isZero();
        // The operator API is still observed by Spring's filter, with its path pattern.
        assertThat(http.get("/api/pairs").statusCode()).isEqualTo(200);
        assertThat(sample("http_server_requests_seconds_count", Map.of("uri", "/api/pairs", "status", "200"))).isPositive();
    }

    @Test
    void cursorLagShowsHowLongAgoEachPolledSystemWasLastReadUpToDate() {
        // storefront-and-warehouse polls both systems every 200 ms in this context: their lag stays small.
        await().atMost(WAIT).untilAsserted(() -> {
            for (String system : List.of("storefront", "warehouse")) {
                assertThat(http.get("/actuator/prometheus").body()).containsPattern(
                        "lockstep_cursor_lag_seconds\\{[^}]*pair=\"storefront-and-warehouse\"[^}]*system=\"" + system + "\"");
                double lag = sample("lockstep_cursor_lag_seconds", Map.of("pair", "storefront-and-warehouse", "system", system));
                assertThat(lag).as(system).isBetween(0.0, 10.0);
            }
        });
        // A cursor not saved for an hour (a stalled poll) shows an hour, once the gauges refresh.
        lockstep.update("INSERT INTO poll_cursor (pair, system, modified_at, last_id, updated_at) "
                + "VALUES ('stalled-pair', 'crm', now(), 'x', now() - interval '1 hour') ON CONFLICT (pair, system) DO NOTHING");
        await().atMost(WAIT).untilAsserted(() -> assertThat(sample("lockstep_cursor_lag_seconds",
                Map.of("pair", "stalled-pair", "system", "crm"))).isBetween(3590.0, 3700.0));
    }

    // --- operator API: pairs, pause and resume --------------------------------------------------

    @Test
    void aPausedPairAcceptsWebhooksIntoTheInboxAndProcessesThemInOrderWhenResumed() throws Exception {
        String record = uniqueId("C");
        String first = uniqueId("e");
        String second = uniqueId("e");
        HttpResponse<String> pause = http.postEmpty("/api/pairs/" + PAIR + "/pause");
        try {
            assertThat(pause.statusCode()).as(pause.body()).isEqualTo(200);
            assertThat(json.readTree(pause.body()).path("state").asText()).isEqualTo("PAUSED");
            assertThat(json.readTree(http.postEmpty("/api/pairs/" + PAIR + "/pause").body()).path("changed").asBoolean())
                    .as("pausing a paused pair changes nothing").isFalse();

            assertThat(http.postJson(WEBHOOK, contact(first, record, "First", "2026-11-26T10:00:00Z")).statusCode()).isEqualTo(202);
            assertThat(http.postJson(WEBHOOK, contact(second, record, "Second", "2026-11-26T11:00:00Z")).statusCode()).isEqualTo(202);
            Thread.sleep(1500);
            assertThat(outcome(first)).isEqualTo("PENDING");
            assertThat(outcome(second)).isEqualTo("PENDING");
            assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref = ?", record)).isEmpty();

            JsonNode paused = pairView();
            assertThat(paused.path("state").asText()).isEqualTo("PAUSED");
            assertThat(paused.path("pending").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(paused.path("lagSeconds").asDouble()).isGreaterThanOrEqualTo(1.0);
            assertThat(paused.path("routes").path(PAIR).asText()).isEqualTo("Stopped");
            assertThat(paused.path("routes").path(PAIR + "-webhook").asText()).isEqualTo("Started");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(sample("lockstep_inbox_pending", Map.of("pair", PAIR))).isGreaterThanOrEqualTo(2);
                assertThat(sample("lockstep_inbox_lag_seconds", Map.of("pair", PAIR))).isGreaterThan(0);
            });
        } finally {
            HttpResponse<String> resume = http.postEmpty("/api/pairs/" + PAIR + "/resume");
            assertThat(resume.statusCode()).as(resume.body()).isEqualTo(200);
            assertThat(json.readTree(resume.body()).path("state").asText()).isEqualTo("RUNNING");
        }
        await().atMost(WAIT).until(() -> outcome(second), "APPLIED"::equals);
        assertThat(outcome(first)).as("in arrival order: the first was applied before the second").isEqualTo("APPLIED");
        assertThat(billing.queryForObject("SELECT full_name FROM billing_customer WHERE customer_ref = ?", String.class, record))
                .isEqualTo("Second Lovelace");
        assertThat(pairView().path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void pairsListEveryPairWithTriggerCountsAndBacklog() throws Exception {
        String applied = uniqueId("e");
        http.postJson(WEBHOOK, contact(applied, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"));
        await().atMost(WAIT).until(() -> outcome(applied), "APPLIED"::equals);

        HttpResponse<String> list = http.get("/api/pairs");
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode pairs = json.readTree(list.body());
        assertThat(pairs.isArray()).isTrue();
        // Listed by name (billing-to-accounting comes first); find this one.
        JsonNode pair = null;
        for (JsonNode p : pairs) {
            if (p.path("pair").asText().equals(PAIR)) {
                pair = p;
            }
        }
        assertThat(pair).as(PAIR + " in " + pairs).isNotNull();
        assertThat(pair.path("state").asText()).isEqualTo("RUNNING");
        assertThat(pair.path("source").path("system").asText()).isEqualTo("crm");
        assertThat(pair.path("target").path("table").asText()).isEqualTo("billing_customer");
        JsonNode trigger = pair.path("triggers").get(0);
        assertThat(trigger.path("type").asText()).isEqualTo("webhook");
        assertThat(trigger.path("endpoint").asText()).isEqualTo("POST /webhooks/crm/contacts");
        long inboxApplied = lockstep.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = ? AND status = 'APPLIED'", Long.class, PAIR);
        assertThat(pair.path("counts").path("APPLIED").asLong()).isGreaterThanOrEqualTo(inboxApplied).isPositive();
        for (String outcome : List.of("PENDING", "APPLIED", "UNCHANGED", "STALE", "QUARANTINED", "DEAD_LETTERED", "HELD")) {
            assertThat(pair.path("counts").has(outcome)).as(outcome).isTrue();
        }
        assertThat(pair.path("received").asLong()).isGreaterThanOrEqualTo(pair.path("counts").path("APPLIED").asLong());
        assertThat(pair.has("pending")).isTrue();
        assertThat(pair.has("lagSeconds")).isTrue();
        assertThat(pair.has("openDeadLetters")).isTrue();

        assertThat(http.get("/api/pairs/" + PAIR).statusCode()).isEqualTo(200);
        JsonNode minutes = json.readTree(http.get("/api/pairs/" + PAIR + "/throughput?minutes=5").body());
        assertThat(minutes).hasSize(5);
        assertThat(minutes.get(4).path("done").asLong() + minutes.get(3).path("done").asLong())
                .as("the event just applied, in this minute (or the last, at a minute's turn)").isPositive();
        HttpResponse<String> unknown = http.postEmpty("/api/pairs/no-such-pair/pause");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("error").asText()).contains("no pair no-such-pair", PAIR);
    }

    @Test
    void theTwoWayPairIsListedWithItsScheduleAndCanBePausedAndResumed() throws Exception {
        String twoWay = "storefront-and-warehouse";
        JsonNode pairs = json.readTree(http.get("/api/pairs").body());
        JsonNode pair = null;
        for (JsonNode p : pairs) {
            if (p.path("pair").asText().equals(twoWay)) {
                pair = p;
            }
        }
        assertThat(pair).as("the two-way pair in " + pairs).isNotNull();
        assertThat(pair.path("state").asText()).isEqualTo("RUNNING");
        assertThat(pair.path("source").path("system").asText()).isEqualTo("storefront");
        assertThat(pair.path("target").path("system").asText()).isEqualTo("warehouse");
        assertThat(pair.path("triggers").get(0).path("type").asText()).isEqualTo("schedule");

        try {
            assertThat(http.postEmpty("/api/pairs/" + twoWay + "/pause").statusCode()).isEqualTo(200);
            assertThat(json.readTree(http.get("/api/pairs/" + twoWay).body()).path("state").asText()).isEqualTo("PAUSED");
            assertThat(pair.path("routes").has(twoWay + "-poll")).isTrue();
            assertThat(json.readTree(http.get("/api/pairs/" + twoWay).body()).path("routes").path(twoWay + "-poll").asText())
                    .as("pausing a scheduled pair stops its poll").isEqualTo("Stopped");
        } finally {
            assertThat(http.postEmpty("/api/pairs/" + twoWay + "/resume").statusCode()).isEqualTo(200);
        }
        assertThat(json.readTree(http.get("/api/pairs/" + twoWay).body()).path("state").asText()).isEqualTo("RUNNING");
    }

    // --- operator API: errors and description ---------------------------------------------------

    @Test
    void everyApiErrorIsJsonWithAClearMessage() throws Exception {
        assertError(http.get("/api/dead-letters/abc"), 400, "'abc' is not a valid id");
        assertError(http.get("/api/dead-letters?minAge=an-hour"), 400, "'an-hour' is not a valid minAge");
        assertError(http.get("/api/no-such-thing"), 404, "no endpoint GET /api/no-such-thing");
        assertError(http.delete("/api/pairs"), 405, "method not allowed");
        assertError(http.post("/api/pairs/" + PAIR + "/preview", "text/plain", "{}", Map.of()), 415, "content type text/plain");
        assertError(http.postJson("/api/pairs/" + PAIR + "/preview", "{\"id\":"), 400, "not valid JSON");
        // What the controllers answered before keeps its shape.
        assertError(http.get("/api/dead-letters/987654321"), 404, "no dead letter 987654321");
        assertError(http.get("/api/pairs/no-such-pair"), 404, "no pair no-such-pair");
    }

    @Test
    void theOpenApiDescriptionCoversTheOperatorApi() throws Exception {
        HttpResponse<String> docs = http.get("/v3/api-docs");
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = json.readTree(docs.body());
        assertThat(api.path("info").path("title").asText()).isEqualTo("Lockstep operator API");
        JsonNode paths = api.path("paths");
        for (String path : List.of("/api/pairs", "/api/pairs/{pair}", "/api/pairs/{pair}/pause", "/api/pairs/{pair}/resume",
                "/api/dead-letters", "/api/dead-letters/{id}", "/api/dead-letters/{id}/replay", "/api/quarantine",
                "/api/events/{pair}/{eventId}", "/api/records/{pair}/{sourceId}", "/api/pairs/{pair}/preview")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.path("/api/pairs/{pair}/pause").has("post")).isTrue();
        assertThat(http.get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    // --- health -----------------------------------------------------------------------------------

    @Test
    void readinessIsDownWhileLockstepsDatabaseIsUnreachableAndLivenessStaysUp() throws Exception {
        HttpResponse<String> ready = http.get("/actuator/health/readiness");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode components = json.readTree(ready.body()).path("components");
        assertThat(components.path("stateDatabase").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("mappings").path("status").asText()).isEqualTo("UP");
        assertThat(components.path("readinessState").path("status").asText()).isEqualTo("UP");

        String database = stateUrl.substring(stateUrl.lastIndexOf('/') + 1).split("\\?")[0];
        TestDatabases pg = TestDatabases.get();
        pg.admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        try {
            pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            HttpResponse<String> notReady = http.get("/actuator/health/readiness");
            assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
            assertThat(json.readTree(notReady.body()).path("components").path("stateDatabase").path("status").asText()).isEqualTo("DOWN");
            assertThat(http.get("/actuator/health/liveness").statusCode()).as("a database outage is not a reason to restart").isEqualTo(200);
        } finally {
            pg.admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }
        await().atMost(WAIT).until(() -> http.get("/actuator/health/readiness").statusCode() == 200);
    }

    // --- correlation ------------------------------------------------------------------------------

    @Test
    void everyLogLineAboutAnEventCarriesItsEventIdAndPair() throws Exception {
        Logger lockstepLogs = (Logger) LoggerFactory.getLogger("dev.lockstep");
        Level before = lockstepLogs.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        lockstepLogs.addAppender(captured);
        lockstepLogs.setLevel(Level.INFO);
        String applied = uniqueId("e");
        String failed = uniqueId("e");
        try {
            http.postJson(WEBHOOK, contact(applied, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"));
            // Neither e-mail nor phone: billing refuses it; retried, then dead-lettered.
            http.postJson(WEBHOOK, contact(failed, uniqueId("C"), null, "Nobody", "Known", null, "GB", "2026-11-26T10:00:00Z", false));
            await().atMost(WAIT).until(() -> outcome(applied), "APPLIED"::equals);
            await().atMost(WAIT).until(() -> outcome(failed), "DEAD_LETTERED"::equals);
            await().atMost(WAIT).until(() -> linesAbout(captured, failed).stream().anyMatch(e -> e.getLevel() == Level.ERROR));
        } finally {
            lockstepLogs.detachAppender(captured);
            lockstepLogs.setLevel(before);
        }
        for (String eventId : List.of(applied, failed)) {
            List<ILoggingEvent> lines = linesAbout(captured, eventId);
            assertThat(lines).as("log lines naming " + eventId).isNotEmpty();
            for (ILoggingEvent line : lines) {
                assertThat(line.getMDCPropertyMap()).as(line.getFormattedMessage())
                        .containsEntry("lockstep.eventId", eventId)
                        .containsKey("lockstep.recordId").containsKey("camel.routeId");
                // The CRM webhook feeds both CRM pairs: each line names the pair it is about.
                assertThat(line.getMDCPropertyMap().get("lockstep.pair")).as(line.getFormattedMessage()).isIn(PAIR, "crm-to-email");
            }
        }
        assertThat(linesAbout(captured, failed)).as("the dead letter's own line")
                .anyMatch(e -> e.getLoggerName().endsWith("DeadLetterStore") && e.getLevel() == Level.ERROR);
        // Lines about other things (and about no event) do not carry a stale event id.
        assertThat(captured.list).filteredOn(e -> e.getMDCPropertyMap().containsKey("lockstep.eventId"))
                .allMatch(e -> e.getFormattedMessage().contains(e.getMDCPropertyMap().get("lockstep.eventId"))
                        || e.getLoggerName().startsWith("dev.lockstep"));
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static List<ILoggingEvent> linesAbout(ListAppender<ILoggingEvent> captured, String eventId) {
        synchronized (captured.list) {
            return captured.list.stream().filter(e -> e.getFormattedMessage().contains(eventId)).toList();
        }
    }

    private void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asText()).as(response.body()).contains(message);
    }

    private JsonNode pairView() throws Exception {
        HttpResponse<String> response = http.get("/api/pairs/" + PAIR);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String outcome(String eventId) {
        return lockstep.queryForList("SELECT status FROM inbox_event WHERE pair = ? AND event_id = ?", String.class, PAIR, eventId)
                .stream().findFirst().orElse("MISSING");
    }

    /** One sample of the Prometheus scrape whose labels include {@code labels}; 0 when absent. */
    private double sample(String name, Map<String, String> labels) {
        String scrape = http.get("/actuator/prometheus").body();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (line.find()) {
            String tags = line.group(1);
            if (labels.entrySet().stream().allMatch(l -> tags.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }
}
