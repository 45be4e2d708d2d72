package dev.lockstep.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lockstep.support.AccountingApiStandIn;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * billing-to-accounting against the stand-in accounting API (Xero's Invoices resource): runs started
 * through {@code POST /api/pairs/billing-to-accounting/runs}, invoices written to billing's
 * {@code billing_invoice}, and what the API received and holds. The shared context sends batches of
 * three invoices and retries quickly.
 */
class BillingToAccountingTest extends PipelineTestSupport {

    private static final String PAIR = "billing-to-accounting";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @org.springframework.beans.factory.annotation.Autowired
    dev.lockstep.accounting.BillingToAccountingRunner runner;

    private WireMockServer api;
    private final String prefix = "T" + Long.toString(System.nanoTime(), 36).toUpperCase();

    @BeforeEach
    void settle() {
        api = AccountingApiStandIn.get();
        // Whatever earlier tests left changed is sent now, so each test's run sees only its own changes.
        run("SYNC");
        api.resetRequests();
    }

    @Test
    void aRunSendsChangedInvoicesInBulkRequestsOfTheBatchSizeWithTheBearerToken() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            numbers.add(invoice("Ada Lovelace", "120.50", "200"));
        }

        JsonNode run = run("SYNC");

        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("kind").asText()).isEqualTo("SYNC");
        assertThat(run.path("trigger").asText()).isEqualTo("API");
        assertThat(run.path("counts").path("written").asLong()).isEqualTo(7);
        assertThat(run.path("counts").path("failed").asLong()).isZero();
        // Rows re-read at the cursor's own timestamp count as read and unchanged, never as written.
        assertThat(run.path("counts").path("read").asLong())
                .isEqualTo(run.path("counts").path("written").asLong() + run.path("counts").path("unchanged").asLong());

        List<LoggedRequest> posts = api.findAll(postRequestedFor(urlPathEqualTo(AccountingApiStandIn.INVOICES)));
        assertThat(posts).hasSize(3);
        for (LoggedRequest post : posts) {
            assertThat(post.getHeader("Authorization")).isEqualTo("Bearer " + AccountingApiStandIn.TOKEN);
            assertThat(post.queryParameter("summarizeErrors").firstValue()).isEqualTo("false");
            assertThat(post.getHeader("Content-Type")).startsWith("application/json");
            assertThat(post.getHeader("Idempotency-Key")).startsWith("lockstep-");
        }
        List<JsonNode> batches = AccountingApiStandIn.postedBatches();
        assertThat(batches).extracting(JsonNode::size).containsExactly(3, 3, 1);
        JsonNode first = batches.get(0).get(0);
        assertThat(first.path("Type").asText()).isEqualTo("ACCREC");
        assertThat(first.path("Status").asText()).isEqualTo("AUTHORISED");
        assertThat(first.path("Contact").path("Name").asText()).isEqualTo("Ada Lovelace");
        assertThat(first.path("Date").asText()).isEqualTo("2026-11-20");
        assertThat(first.path("LineItems").path(0).path("UnitAmount").decimalValue()).isEqualByComparingTo("120.50");
        assertThat(first.path("LineItems").path(0).path("AccountCode").asText()).isEqualTo("200");
        assertThat(first.has("InvoiceID")).as("a new invoice carries no InvoiceID").isFalse();
        for (String number : numbers) {
            assertThat(AccountingApiStandIn.count(number)).as(number).isEqualTo(1);
            String invoiceId = AccountingApiStandIn.invoice(number).path("InvoiceID").asText();
            assertThat(lockstep.queryForObject("SELECT target_id FROM sync_record WHERE pair = ? AND source_id = ?",
                    String.class, PAIR, "ID-" + number)).isEqualTo(invoiceId);
        }
        assertThat(run.path("message").asText()).isEqualTo("3 bulk requests");
        assertThat(run.path("progress").path("total").asLong()).as("rows to read, counted before reading")
                .isEqualTo(run.path("counts").path("read").asLong());
        assertThat(run.path("progress").path("percent").asDouble()).isEqualTo(100.0);
        assertThat(http.get("/api/pairs/" + PAIR).body()).contains("\"system\":\"accounting\"");
    }

    @Test
    void theNightlyRunIsAQuartzCronThatFiresAsTheScheduleAndSkipsWhileThePairIsPaused() throws Exception {
        JsonNode view = readTree(http.get("/api/pairs/" + PAIR).body());
        assertThat(view.path("triggers").toString()).contains("\"type\":\"schedule\"").contains("billing-to-accounting-poll");
        assertThat(camel.getRoute("billing-to-accounting-poll").getEndpoint().getEndpointUri())
                .startsWith("quartz://lockstep/billing-to-accounting").contains("cron=0+0+2+*+*+%3F");
        long before = lockstep.queryForObject("SELECT coalesce(max(id), 0) FROM sync_run WHERE pair = ?", Long.class, PAIR);
        String number = invoice("Ada Lovelace", "7.00", "200");

        assertThat(http.postEmpty("/api/pairs/" + PAIR + "/pause").statusCode()).isEqualTo(200);
        try {
            runner.scheduledSync();
            assertThat(lockstep.queryForObject("SELECT coalesce(max(id), 0) FROM sync_run WHERE pair = ?", Long.class, PAIR))
                    .as("no run while paused").isEqualTo(before);
        } finally {
            assertThat(http.postEmpty("/api/pairs/" + PAIR + "/resume").statusCode()).isEqualTo(200);
        }
        // What the Quartz job does at 2 a.m.: the run happens on the scheduler's thread, recorded as SCHEDULE.
        runner.scheduledSync();
        JsonNode run = readTree(http.get("/api/runs?pair=" + PAIR + "&limit=1").body()).get(0);
        assertThat(run.path("trigger").asText()).isEqualTo("SCHEDULE");
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(AccountingApiStandIn.invoice(number)).isNotNull();
    }

    @Test
    void anUnchangedInvoiceIsNotSentAgainAndAnUpdateGoesToTheSameAccountingId() {
        String touched = invoice("Grace Hopper", "80.00", "200");
        String changed = invoice("Alan Turing", "99.00", "260");
        run("SYNC");
        String changedId = AccountingApiStandIn.invoice(changed).path("InvoiceID").asText();
        api.resetRequests();

        // Saved again without a change, and changed: only the second one is sent.
        billing.update("UPDATE billing_invoice SET modified_at = clock_timestamp() WHERE invoice_number = ?", touched);
        billing.update("UPDATE billing_invoice SET amount = 150.00, modified_at = clock_timestamp() WHERE invoice_number = ?", changed);
        JsonNode run = run("SYNC");

        List<JsonNode> batches = AccountingApiStandIn.postedBatches();
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(1);
        assertThat(batches.get(0).get(0).path("InvoiceNumber").asText()).isEqualTo(changed);
        assertThat(batches.get(0).get(0).path("InvoiceID").asText()).isEqualTo(changedId);
        assertThat(AccountingApiStandIn.count(changed)).isEqualTo(1);
        assertThat(AccountingApiStandIn.invoice(changed).path("InvoiceID").asText()).isEqualTo(changedId);
        assertThat(AccountingApiStandIn.invoice(changed).path("LineItems").path(0).path("UnitAmount").decimalValue())
                .isEqualByComparingTo("150.00");
        assertThat(run.path("counts").path("written").asLong()).isEqualTo(1);
        assertThat(run.path("counts").path("unchanged").asLong()).isGreaterThanOrEqualTo(1);

        api.resetRequests();
        assertThat(run("SYNC").path("counts").path("written").asLong()).isZero();
        assertThat(AccountingApiStandIn.postedBatches()).as("nothing changed: nothing sent").isEmpty();
    }

    @Test
    void anInvoiceTheApiRefusesIsDeadLetteredWithItsMessageAndTheRestOfItsBatchIsWritten() {
        String good1 = invoice("Ada Lovelace", "10.00", "200");
        String refused = invoice("Charles Babbage", "20.00", "999");
        String good2 = invoice("Grace Hopper", "30.00", "400");
        // Not even sent: its currency fails the mapping's pattern after cleanup ("euro " -> "EURO").
        String invalid = invoice("Alan Turing", "40.00", "200");
        billing.update("UPDATE billing_invoice SET currency = 'euro ' WHERE invoice_number = ?", invalid);

        JsonNode run = run("SYNC");

        assertThat(AccountingApiStandIn.postedBatches()).hasSize(1);
        assertThat(AccountingApiStandIn.invoice(good1)).isNotNull();
        assertThat(AccountingApiStandIn.invoice(good2)).isNotNull();
        assertThat(AccountingApiStandIn.invoice(refused)).isNull();
        Map<String, Object> letter = lockstep.queryForMap(
                "SELECT step, exception_message, status FROM dead_letter WHERE pair = ? AND source_id = ?", PAIR, "ID-" + refused);
        assertThat(letter.get("exception_message").toString())
                .contains(refused).contains("Account code '999' is not a valid code for this document.");
        assertThat(letter.get("step")).isEqualTo("accounting-deliver");
        assertThat(letter.get("status")).isEqualTo("OPEN");
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("counts").path("written").asLong()).isEqualTo(2);
        assertThat(run.path("counts").path("failed").asLong()).isEqualTo(1);
        assertThat(run.path("counts").path("quarantined").asLong()).isEqualTo(1);
        assertThat(lockstep.queryForObject("SELECT count(*) FROM sync_record WHERE pair = ? AND source_id = ?",
                Integer.class, PAIR, "ID-" + refused)).isZero();
        assertThat(lockstep.queryForObject("SELECT CAST(reasons AS text) FROM quarantine WHERE pair = ? AND source_id = ?",
                String.class, PAIR, "ID-" + invalid)).contains("currency_code").contains("EURO");
        assertThat(AccountingApiStandIn.postedBatches().get(0).toString()).doesNotContain(invalid);
    }

    @Test
    void aRateLimitedBulkRequestWaitsTheRetryAfterItWasGivenAndIsSentAgain() {
        StubMapping limited = api.stubFor(post(urlPathEqualTo(AccountingApiStandIn.INVOICES)).atPriority(1)
                .inScenario("rate limit " + prefix).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("X-Rate-Limit-Problem", "minute").withBody("")));
        try {
            String a = invoice("Ada Lovelace", "1.00", "200");
            String b = invoice("Alan Turing", "2.00", "200");

            JsonNode run = run("SYNC");

            List<LoggedRequest> posts = api.findAll(postRequestedFor(urlPathEqualTo(AccountingApiStandIn.INVOICES)));
            assertThat(posts).hasSize(2);
            assertThat(posts.get(1).getBodyAsString()).isEqualTo(posts.get(0).getBodyAsString());
            assertThat(posts.get(1).getHeader("Idempotency-Key")).isEqualTo(posts.get(0).getHeader("Idempotency-Key"));
            long waited = posts.get(1).getLoggedDate().getTime() - posts.get(0).getLoggedDate().getTime();
            assertThat(waited).as("Retry-After: 1 honoured (ms)").isGreaterThanOrEqualTo(900);
            assertThat(AccountingApiStandIn.invoice(a)).isNotNull();
            assertThat(AccountingApiStandIn.invoice(b)).isNotNull();
            assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.path("counts").path("written").asLong()).isEqualTo(2);
            assertThat(run.path("counts").path("failed").asLong()).isZero();
        } finally {
            api.removeStub(limited);
        }
    }

    @Test
    void aBurstOfServerErrorsIsRetriedWithNothingLostOrDoubled() {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            numbers.add(invoice("Ada Lovelace", (i + 1) + ".00", "200"));
        }
        // The first three posts take effect, yet are answered 500, 502 and 503 (no Retry-After): all retried.
        AccountingApiStandIn.failAfterApplying(500, 502, 503);

        JsonNode run = run("SYNC");

        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("counts").path("written").asLong()).isEqualTo(4);
        assertThat(AccountingApiStandIn.postedBatches()).hasSize(5);
        for (String number : numbers) {
            assertThat(AccountingApiStandIn.count(number)).as(number).isEqualTo(1);
            assertThat(lockstep.queryForObject("SELECT target_id FROM sync_record WHERE pair = ? AND source_id = ?",
                    String.class, PAIR, "ID-" + number)).isEqualTo(AccountingApiStandIn.invoice(number).path("InvoiceID").asText());
        }
        assertThat(lockstep.queryForObject("SELECT count(*) FROM dead_letter WHERE pair = ? AND source_id LIKE ?",
                Integer.class, PAIR, "ID-" + prefix + "%")).isZero();
    }

    @Test
    void aServerThatStaysDownFailsTheRunAndItsInvoicesGoInTheNextOne() {
        String number = invoice("Ada Lovelace", "5.00", "200");
        AccountingApiStandIn.failAfterApplying(503, 503, 503, 503, 503);

        JsonNode failed = run("SYNC");

        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("message").asText()).contains("HTTP 503");
        assertThat(lockstep.queryForObject("SELECT status FROM inbox_event WHERE pair = ? AND source_id = ? ORDER BY id DESC LIMIT 1",
                String.class, PAIR, "ID-" + number)).isEqualTo("PENDING");

        JsonNode next = run("SYNC");
        assertThat(next.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(next.path("counts").path("written").asLong()).isEqualTo(1);
        assertThat(AccountingApiStandIn.count(number)).isEqualTo(1);
    }

    @Test
    void reconciliationRepairsPlantedDriftAndReportsWhatItFound() {
        String deleted = invoice("Ada Lovelace", "11.00", "200");
        String altered = invoice("Alan Turing", "22.00", "200");
        String intact = invoice("Grace Hopper", "33.00", "200");
        run("SYNC");
        String alteredId = AccountingApiStandIn.invoice(altered).path("InvoiceID").asText();
        String intactId = AccountingApiStandIn.invoice(intact).path("InvoiceID").asText();
        // Drift behind Lockstep's back: one invoice deleted in accounting, one edited there, one entered there directly.
        AccountingApiStandIn.remove(deleted);
        AccountingApiStandIn.changeUnitAmount(altered, "2200.00");
        String orphan = prefix + "-ORPHAN";
        AccountingApiStandIn.addDirectly(orphan);

        JsonNode run = run("RECONCILE");

        assertThat(run.path("kind").asText()).isEqualTo("RECONCILE");
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        String message = run.path("message").asText();
        assertThat(message).as("the repairs went in one request").endsWith("; 1 bulk request");
        assertThat(message).containsPattern("missing \\d+ \\[[^\\]]*" + deleted);
        assertThat(message).containsPattern("different \\d+ \\[[^\\]]*" + altered);
        assertThat(message).containsPattern("orphan \\d+ \\[[^\\]]*" + orphan);
        assertThat(message).doesNotContain(intact);
        assertThat(run.path("counts").path("written").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(run.path("counts").path("read").asLong()).isGreaterThanOrEqualTo(3);

        assertThat(AccountingApiStandIn.invoice(deleted)).as("re-created").isNotNull();
        assertThat(AccountingApiStandIn.invoice(altered).path("InvoiceID").asText()).isEqualTo(alteredId);
        assertThat(AccountingApiStandIn.invoice(altered).path("LineItems").path(0).path("UnitAmount").decimalValue())
                .isEqualByComparingTo("22.00");
        assertThat(AccountingApiStandIn.invoice(intact).path("InvoiceID").asText()).isEqualTo(intactId);
        assertThat(AccountingApiStandIn.invoice(orphan)).as("orphans are reported, never deleted").isNotNull();

        // Repaired: a second sweep finds those three in step.
        String again = run("RECONCILE").path("message").asText();
        assertThat(again).doesNotContain(deleted).doesNotContain(altered).contains(orphan);
        AccountingApiStandIn.remove(orphan);
    }

    @Test
    void aSecondRunAskedForWhileOneRunsIsRefused() {
        for (int i = 0; i < 3; i++) {
            invoice("Ada Lovelace", "1.00", "200");
        }
        StubMapping slow = api.stubFor(post(urlPathEqualTo(AccountingApiStandIn.INVOICES)).atPriority(1)
                .inScenario("slow " + prefix).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("served")
                .willReturn(aResponse().withStatus(503).withFixedDelay(700)));
        try {
            HttpResponse<String> first = http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"SYNC\"}");
            assertThat(first.statusCode()).isEqualTo(202);
            HttpResponse<String> second = http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"RECONCILE\"}");
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("already running");
            awaitRun(readTree(first.body()).path("id").asLong());
        } finally {
            api.removeStub(slow);
        }
        assertThat(http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"BACKFILL\"}").statusCode()).isEqualTo(400);
    }

    /** Adds an invoice to billing; its number (its id is {@code ID-<number>}). */
    private String invoice(String customer, String amount, String accountCode) {
        String number = prefix + "-" + String.format("%04d", SEQUENCE.incrementAndGet());
        billing.update("""
                INSERT INTO billing_invoice (id, invoice_number, customer_ref, customer_name, issued_on, due_on, currency,
                                             description, amount, account_code, modified_at)
                VALUES (?, ?, 'B-0001', ?, DATE '2026-11-20', DATE '2026-12-20', 'eur', 'Services', CAST(? AS numeric), ?, clock_timestamp())""",
                "ID-" + number, number, customer, amount, accountCode);
        return number;
    }

    /** Starts a run through the API and waits for its end; the run as GET /api/runs/{id} shows it. */
    private JsonNode run(String kind) {
        HttpResponse<String> started = http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"" + kind + "\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return awaitRun(readTree(started.body()).path("id").asLong());
    }

    private JsonNode awaitRun(long id) {
        JsonNode[] done = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            done[0] = readTree(http.get("/api/runs/" + id).body());
            return !"RUNNING".equals(done[0].path("status").asText());
        });
        return done[0];
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
