package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import dev.lockstep.support.SalesforceStandIn;
import dev.lockstep.support.SalesforceStandIn.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * salesforce-and-billing end to end, in the shared context, against {@link SalesforceStandIn}
 * (Salesforce's token, query and sObject Collections resources): billing customers reach
 * Salesforce in collections of at most 200, Salesforce edits reach billing through paged SOQL, each
 * side owns its fields, a record Salesforce refuses is recorded while the rest land, an expired
 * session logs in again, {@code REQUEST_LIMIT_EXCEEDED} pauses the calls, and Lockstep's own writes
 * do not come back. Runs are started on demand ({@code direct:salesforce-and-billing-run}); the
 * schedule only runs the first one at start-up here.
 */
class SalesforceAndBillingTest extends PipelineTestSupport {

    static final String PAIR = "salesforce-and-billing";
    static final String EXT = "Billing_Customer_Ref__c";
    static final String UPSERT = "/services/data/v62.0/composite/sobjects/Contact/" + EXT;

    final SalesforceStandIn salesforce = SalesforceStandIn.get();

    @Autowired
    ProducerTemplate producer;

    @Autowired
    SyncRuns runs;

    @Autowired
    CamelContext camel;

    String p;

    @BeforeEach
    void firstRunDone() {
        p = "SF" + UUID.randomUUID().toString().substring(0, 6);
        // The schedule's first run, at start-up, goes first.
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.list(PAIR, null, 5).stream().anyMatch(r -> !"RUNNING".equals(r.status())));
    }

    @Test
    void billingCustomersReachSalesforceInCollectionsOfAtMost200AndDoNotComeBack() throws Exception {
        for (int i = 0; i < 250; i++) {
            billing.update("INSERT INTO billing_customer (customer_ref, email, first_name, last_name, billing_city) VALUES (?, ?, ?, ?, ?)",
                    p + "-" + i, p.toLowerCase() + i + "@example.com", "Ada" + i, "Lovelace" + i, "London");
        }
        int from = salesforce.requests().size();
        SyncRun run = run();

        List<Request> made = salesforce.requests().subList(from, salesforce.requests().size());
        List<Request> upserts = made.stream().filter(r -> r.method().equals("PATCH") && r.path().equals(UPSERT)).toList();
        int mine = 0;
        for (Request r : upserts) {
            JsonNode body = json.readTree(r.body());
            assertThat(body.path("allOrNone").asBoolean(true)).isFalse();
            assertThat(body.path("records").size()).isBetween(1, 200);
            for (JsonNode record : body.path("records")) {
                assertThat(record.path("attributes").path("type").asText()).isEqualTo("Contact");
                mine += record.path(EXT).asText().startsWith(p + "-") ? 1 : 0;
            }
        }
        assertThat(mine).isEqualTo(250);
        assertThat(upserts).hasSizeBetween(2, 3);
        assertThat(made).allSatisfy(r -> {
            if (!r.path().equals("/services/oauth2/token")) {
                assertThat(r.callOptions()).isEqualTo("client=lockstep");
            }
        });
        JsonNode ada = salesforce.contact(p + "-7", EXT);
        assertThat(ada.path("LastName").asText()).isEqualTo("Lovelace7");
        assertThat(ada.path("FirstName").asText()).isEqualTo("Ada7");
        assertThat(ada.path("Email").asText()).isEqualTo(p.toLowerCase() + "7@example.com");
        assertThat(ada.path("MailingCity").asText()).isEqualTo("London");

        long apiCalls = made.stream().filter(r -> !r.path().equals("/services/oauth2/token")).count();
        assertThat(run.status()).isEqualTo("SUCCEEDED");
        assertThat(run.message()).isEqualTo("salesforce API calls: " + apiCalls);
        assertThat(run.counts().written()).isGreaterThanOrEqualTo(250);

        // The next run reads Lockstep's own writes back from Salesforce (new SystemModstamp) and drops them.
        Object stamped = billing.queryForObject("SELECT modified_at FROM billing_customer WHERE customer_ref = ?", Object.class, p + "-7");
        int next = salesforce.requests().size();
        SyncRun again = run();
        assertThat(again.status()).isEqualTo("SUCCEEDED");
        assertThat(salesforce.requests().subList(next, salesforce.requests().size()))
                .noneMatch(r -> r.method().equals("PATCH") && r.body().contains(p + "-"));
        assertThat(billing.queryForObject("SELECT modified_at FROM billing_customer WHERE customer_ref = ?", Object.class, p + "-7"))
                .isEqualTo(stamped);
    }

    @Test
    void salesforceEditsReachBillingThroughPagedQueriesAndEachSideKeepsItsFields() throws Exception {
        String key = p + "-1";
        billing.update("INSERT INTO billing_customer (customer_ref, email, first_name, last_name, billing_city) VALUES (?, ?, ?, ?, ?)",
                key, p.toLowerCase() + "@example.com", "Ada", "Lovelace", "London");
        run();
        assertThat(salesforce.contact(key, EXT)).isNotNull();

        // Both sides edit the record between two runs; Salesforce also gains three new contacts.
        salesforce.edit(EXT, key, Map.of("Title", "Countess", "LastName", "King", "MailingCity", "Oxford"));
        billing.update("UPDATE billing_customer SET billing_city = 'Cambridge', title = 'Analyst' WHERE customer_ref = ?", key);
        for (int i = 10; i < 13; i++) {
            salesforce.edit(EXT, p + "-" + i, Map.of("LastName", "New" + i, "Email", p.toLowerCase() + i + "@example.com"));
        }
        salesforce.pageSize(2);
        int from = salesforce.requests().size();
        try {
            assertThat(run().status()).isEqualTo("SUCCEEDED");
        } finally {
            salesforce.pageSize(2000);
        }

        Map<String, Object> row = billing.queryForMap("SELECT * FROM billing_customer WHERE customer_ref = ?", key);
        assertThat(row).containsEntry("title", "Countess").containsEntry("last_name", "King").containsEntry("billing_city", "Cambridge");
        assertThat(salesforce.contact(key, EXT).path("MailingCity").asText()).isEqualTo("Cambridge");
        for (int i = 10; i < 13; i++) {
            assertThat(billing.queryForObject("SELECT last_name FROM billing_customer WHERE customer_ref = ?", String.class, p + "-" + i))
                    .isEqualTo("New" + i);
        }
        List<Request> made = salesforce.requests().subList(from, salesforce.requests().size());
        assertThat(made).anyMatch(r -> r.method().equals("GET") && r.path().matches("/services/data/v62\\.0/queryAll/?")
                && r.query().contains("SystemModstamp >= ") && r.query().contains("ORDER BY SystemModstamp, Id"));
        assertThat(made).anyMatch(r -> r.method().equals("GET") && r.path().matches("/services/data/v62\\.0/query/01g.+"));

        JsonNode conflicts = json.readTree(http.get("/api/conflicts?pair=" + PAIR + "&key=" + key).body());
        List<String> decided = new ArrayList<>();
        conflicts.forEach(c -> decided.add(c.path("field").asText() + " " + c.path("rule").asText() + " " + c.path("winner").asText()));
        assertThat(decided).contains("billing_city owner: billing billing", "title owner: salesforce salesforce");
    }

    @Test
    void aRecordSalesforceRefusesIsRecordedWithItsErrorAndTheOthersLand() throws Exception {
        billing.update("INSERT INTO billing_customer (customer_ref, email, last_name) VALUES (?, ?, ?)", p + "-ok", p.toLowerCase() + "ok@example.com", "Hopper");
        billing.update("INSERT INTO billing_customer (customer_ref, email) VALUES (?, ?)", p + "-bad", p.toLowerCase() + "bad@example.com");
        SyncRun run = run();

        assertThat(run.status()).isEqualTo("SUCCEEDED");
        assertThat(run.counts().failed()).isGreaterThanOrEqualTo(1);
        assertThat(salesforce.contact(p + "-ok", EXT)).isNotNull();
        assertThat(salesforce.contact(p + "-bad", EXT)).isNull();
        JsonNode failed = json.readTree(http.get("/api/conflicts?status=FAILED&pair=" + PAIR + "&key=" + p + "-bad").body());
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("winner").asText()).isEqualTo("salesforce");
        assertThat(failed.get(0).path("value").asText()).contains("REQUIRED_FIELD_MISSING").contains("LastName");
    }

    @Test
    void anExpiredSessionLogsInAgainAndTheCallIsRetried() {
        billing.update("INSERT INTO billing_customer (customer_ref, email, last_name) VALUES (?, ?, ?)", p + "-s", p.toLowerCase() + "s@example.com", "Session");
        int logins = salesforce.logins();
        salesforce.expireSession();
        int from = salesforce.requests().size();

        assertThat(run().status()).isEqualTo("SUCCEEDED");
        assertThat(salesforce.logins()).isEqualTo(logins + 1);
        List<Request> made = salesforce.requests().subList(from, salesforce.requests().size());
        assertThat(made.get(1).path()).isEqualTo("/services/oauth2/token");
        assertThat(made.get(2).path()).isEqualTo(made.get(0).path());
        assertThat(made.get(2).authorization()).isNotEqualTo(made.get(0).authorization());
        assertThat(salesforce.contact(p + "-s", EXT)).isNotNull();
    }

    @Test
    void requestLimitExceededPausesEveryCallThenTheRunGoesThrough() {
        billing.update("INSERT INTO billing_customer (customer_ref, email, last_name) VALUES (?, ?, ?)", p + "-r", p.toLowerCase() + "r@example.com", "Limit");
        salesforce.limitExceeded(1);
        SyncRun limited = run();
        assertThat(limited.status()).isEqualTo("FAILED");
        assertThat(limited.message()).contains("REQUEST_LIMIT_EXCEEDED");
        assertThat(lockstep.queryForObject("SELECT count(*) FROM http_target_pause WHERE target = 'salesforce' AND not_before > now()",
                Integer.class)).isEqualTo(1);

        // While the pause lasts, a run makes no call at all.
        int from = salesforce.requests().size();
        SyncRun paused = run();
        assertThat(paused.status()).isEqualTo("FAILED");
        assertThat(salesforce.requests()).hasSize(from);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> "SUCCEEDED".equals(run().status()));
        assertThat(salesforce.contact(p + "-r", EXT)).isNotNull();
    }

    @Test
    void writesThatFailedAsAWholeAreMadeByTheNextRun() {
        // The poll and the read pass; the sObject Collections write is refused as a whole, after the merge was recorded.
        billing.update("INSERT INTO billing_customer (customer_ref, email, last_name) VALUES (?, ?, ?)", p + "-w", p.toLowerCase() + "w@example.com", "Whole");
        salesforce.limitExceededOn("PATCH", 1);
        SyncRun failed = run();
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(salesforce.contact(p + "-w", EXT)).isNull();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> "SUCCEEDED".equals(run().status()));
        assertThat(salesforce.contact(p + "-w", EXT)).as("the decided write is made by a later run").isNotNull();
    }

    @Test
    void thePairIsListedReadyAndPausesAndResumes() throws Exception {
        JsonNode pair = json.readTree(http.get("/api/pairs/" + PAIR).body());
        assertThat(pair.path("state").asText()).isEqualTo("RUNNING");
        assertThat(pair.path("triggers").toString()).contains("schedule");
        assertThat(http.get("/actuator/health/readiness").body()).contains(PAIR);

        assertThat(http.postEmpty("/api/pairs/" + PAIR + "/pause").statusCode()).isEqualTo(200);
        assertThat(json.readTree(http.get("/api/pairs/" + PAIR).body()).path("state").asText()).isEqualTo("PAUSED");
        assertThat(camel.getRouteController().getRouteStatus(PAIR + "-poll").isStopped()).isTrue();
        assertThat(http.postEmpty("/api/pairs/" + PAIR + "/resume").statusCode()).isEqualTo(200);
        assertThat(json.readTree(http.get("/api/pairs/" + PAIR).body()).path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aRunStartedThroughTheApiIsRecordedWithTheCallsItUsed() throws Exception {
        billing.update("INSERT INTO billing_customer (customer_ref, email, last_name) VALUES (?, ?, ?)", p + "-a", p.toLowerCase() + "a@example.com", "Api");
        var started = http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"SYNC\"}");
        assertThat(started.statusCode()).isEqualTo(202);
        long id = json.readTree(started.body()).path("id").asLong();
        await().atMost(Duration.ofSeconds(20)).until(() -> !"RUNNING".equals(runs.find(id).orElseThrow().status()));
        JsonNode run = json.readTree(http.get("/api/runs/" + id).body());
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("trigger").asText()).isEqualTo("API");
        assertThat(run.path("message").asText()).matches("salesforce API calls: [1-9]\\d*");
        assertThat(http.get("/actuator/prometheus").body()).containsPattern("lockstep_salesforce_api_calls_total\\{[^}]*\\} [1-9]");
        assertThat(salesforce.contact(p + "-a", EXT)).isNotNull();
    }

    private SyncRun run() {
        producer.sendBody("direct:salesforce-and-billing-run", null);
        return runs.last(PAIR).orElseThrow();
    }
}
