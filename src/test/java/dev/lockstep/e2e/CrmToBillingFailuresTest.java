package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.support.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Delivery failures: retried, then dead-lettered with the original event and the cause, without
 * stopping other events; a replay after the fix is applied exactly once.
 */
class CrmToBillingFailuresTest extends PipelineTestSupport {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Value("${lockstep.systems.billing.jdbc-url}")
    String billingUrl;

    @Test
    void billingDownDeadLettersTheEventAndAReplayAfterRecoveryAppliesItExactlyOnce() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e");
        String database = billingUrl.substring(billingUrl.lastIndexOf('/') + 1).split("\\?")[0];
        Instant before = Instant.now();
        TestDatabases pg = TestDatabases.get();
        pg.admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        JsonNode deadLetter;
        try {
            pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
            assertThat(http.postJson(WEBHOOK, contact(eventId, id, "Ada", "2026-11-26T10:00:00Z")).statusCode())
                    .as("accepting needs only Lockstep's own database").isEqualTo(202);
            deadLetter = awaitDeadLetter(eventId);
        } finally {
            pg.admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }
        // The billing pool backs off between reconnect attempts (up to seconds after a long outage),
        // longer than its 500 ms connection timeout here: wait until billing answers again.
        await().atMost(WAIT).ignoreExceptions().until(() -> billing.queryForObject("SELECT 1", Integer.class) == 1);

        assertThat(deadLetter.path("pair").asText()).isEqualTo("crm-to-billing");
        assertThat(deadLetter.path("step").asText()).as("the first step that reads billing: the match-key lookup").isEqualTo("match");
        assertThat(deadLetter.path("routeId").asText()).isEqualTo("crm-to-billing");
        assertThat(deadLetter.path("sourceId").asText()).isEqualTo(id);
        assertThat(deadLetter.path("exceptionClass").asText()).isEqualTo("org.postgresql.util.PSQLException");
        assertThat(deadLetter.path("exceptionMessage").asText()).contains(database);
        assertThat(deadLetter.path("attempts").asInt()).as("first try + 2 retries").isEqualTo(3);
        Instant first = Instant.parse(deadLetter.path("firstFailedAt").asText());
        Instant last = Instant.parse(deadLetter.path("lastFailedAt").asText());
        assertThat(first).isAfterOrEqualTo(before.minusSeconds(1)).isBefore(last);
        assertThat(deadLetter.path("payload").path("fields").path("email").asText())
                .as("the original event, before cleanup").isEqualTo(" " + id.toUpperCase() + "@Example.COM ");
        assertThat(outcome(eventId)).isEqualTo("DEAD_LETTERED");
        assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref = ?", id)).isEmpty();

        long deadLetterId = deadLetter.path("id").asLong();
        HttpResponse<String> replay = http.postEmpty("/api/dead-letters/" + deadLetterId + "/replay");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
        await().atMost(WAIT).until(() -> outcome(eventId), "APPLIED"::equals);
        Map<String, Object> row = billing.queryForMap("SELECT * FROM billing_customer WHERE customer_ref = ?", id);
        assertThat(row.get("full_name")).isEqualTo("Ada Lovelace");

        HttpResponse<String> again = http.postEmpty("/api/dead-letters/" + deadLetterId + "/replay");
        assertThat(again.statusCode()).as("a dead letter is replayed once").isEqualTo(409);
        Thread.sleep(300);
        assertThat(billing.queryForMap("SELECT * FROM billing_customer WHERE customer_ref = ?", id).get("synced_at"))
                .isEqualTo(row.get("synced_at"));
        JsonNode replayed = json.readTree(http.get("/api/dead-letters/" + deadLetterId).body());
        assertThat(replayed.path("status").asText()).isEqualTo("REPLAYED");
        assertThat(replayed.path("replayCount").asInt()).isEqualTo(1);
    }

    @Test
    void aConstraintViolationDeadLettersOneRecordWhileOthersKeepFlowing() throws Exception {
        String blocked = uniqueId("C");
        String bystander = uniqueId("C");
        String blockedEvent = uniqueId("e");
        String bystanderEvent = uniqueId("e");
        String constraint = "blocked_" + blocked.substring(2).toLowerCase();
        // Billing refuses this one customer, as a billing-side rule would.
        billing.execute("ALTER TABLE billing_customer ADD CONSTRAINT " + constraint
                + " CHECK (customer_ref <> '" + blocked + "')");
        try {
            post(contact(blockedEvent, blocked, "Ann", "2026-11-26T10:00:00Z"));
            post(contact(bystanderEvent, bystander, "Bob", "2026-11-26T10:00:00Z"));

            JsonNode deadLetter = awaitDeadLetter(blockedEvent);
            assertThat(await().atMost(WAIT).until(() -> outcome(bystanderEvent), s -> !"PENDING".equals(s))).isEqualTo("APPLIED");
            assertThat(deadLetter.path("exceptionMessage").asText()).contains(constraint);
            assertThat(deadLetter.path("step").asText()).isEqualTo("deliver");

            // The fix is made in billing; then the parked record can go through, once.
            billing.execute("ALTER TABLE billing_customer DROP CONSTRAINT " + constraint);
            assertThat(http.postEmpty("/api/dead-letters/" + deadLetter.path("id").asLong() + "/replay").statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> outcome(blockedEvent), "APPLIED"::equals);
            assertThat(billing.queryForObject("SELECT count(*) FROM billing_customer WHERE customer_ref = ?", Integer.class, blocked))
                    .isEqualTo(1);
        } finally {
            billing.execute("ALTER TABLE billing_customer DROP CONSTRAINT IF EXISTS " + constraint);
        }
    }

    @Test
    void aReplayThatFailsAgainReopensTheSameDeadLetterWithTheAttemptsAdded() throws Exception {
        String unreachable = uniqueId("e");
        // Neither e-mail nor phone: the demo billing table's own check refuses it.
        post(contact(unreachable, uniqueId("C"), null, "Nobody", "Known", null, "GB", "2026-11-26T10:00:00Z", false));
        JsonNode first = awaitDeadLetter(unreachable);
        assertThat(first.path("exceptionMessage").asText()).contains("billing_customer_reachable");

        assertThat(http.postEmpty("/api/dead-letters/" + first.path("id").asLong() + "/replay").statusCode()).isEqualTo(202);
        JsonNode reopened = await().atMost(WAIT).until(() -> json.readTree(http.get("/api/dead-letters/" + first.path("id").asLong()).body()),
                node -> node.path("status").asText().equals("OPEN") && node.path("replayCount").asInt() == 1);

        assertThat(reopened.path("attempts").asInt()).isEqualTo(6);
        assertThat(reopened.path("firstFailedAt").asText()).isEqualTo(first.path("firstFailedAt").asText());
        assertThat(Instant.parse(reopened.path("lastFailedAt").asText())).isAfter(Instant.parse(first.path("lastFailedAt").asText()));
        assertThat(lockstep.queryForObject("SELECT count(*) FROM dead_letter WHERE pair = 'crm-to-billing' AND event_id = ?", Integer.class, unreachable)).isEqualTo(1);
    }

    @Test
    void laterChangesOfARecordWaitBehindItsDeadLetterAndFollowItInOrderAfterTheReplay() throws Exception {
        String blocked = uniqueId("C");
        String other = uniqueId("C");
        String first = uniqueId("e");
        String second = uniqueId("e");
        String unrelated = uniqueId("e");
        String constraint = "hold_" + blocked.substring(2).toLowerCase();
        billing.execute("ALTER TABLE billing_customer ADD CONSTRAINT " + constraint + " CHECK (customer_ref <> '" + blocked + "')");
        try {
            post(contact(first, blocked, "First", "2026-11-26T10:00:00Z"));
            JsonNode deadLetter = awaitDeadLetter(first);
            post(contact(second, blocked, "Second", "2026-11-26T11:00:00Z"));
            post(contact(unrelated, other, "Other", "2026-11-26T10:00:00Z"));

            assertThat(await().atMost(WAIT).until(() -> outcome(second), s -> !"PENDING".equals(s)))
                    .as("the later change waits instead of overtaking").isEqualTo("HELD");
            assertThat(await().atMost(WAIT).until(() -> outcome(unrelated), s -> !"PENDING".equals(s)))
                    .as("other records flow on").isEqualTo("APPLIED");
            assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref = ?", blocked)).isEmpty();

            billing.execute("ALTER TABLE billing_customer DROP CONSTRAINT " + constraint);
            assertThat(http.postEmpty("/api/dead-letters/" + deadLetter.path("id").asLong() + "/replay").statusCode()).isEqualTo(202);

            await().atMost(WAIT).until(() -> outcome(second), "APPLIED"::equals);
            assertThat(outcome(first)).as("the replayed change is applied, not stale").isEqualTo("APPLIED");
            assertThat(billing.queryForObject("SELECT full_name FROM billing_customer WHERE customer_ref = ?", String.class, blocked))
                    .isEqualTo("Second Lovelace");
        } finally {
            billing.execute("ALTER TABLE billing_customer DROP CONSTRAINT IF EXISTS " + constraint);
        }
    }

    @Test
    void deadLettersAreFilteredByAgeAndReplayedInBulk() throws Exception {
        String a = uniqueId("e");
        String b = uniqueId("e");
        post(contact(a, uniqueId("C"), null, "No", "Way", null, "GB", "2026-11-26T10:00:00Z", false));
        post(contact(b, uniqueId("C"), null, "No", "Way", null, "GB", "2026-11-26T10:00:00Z", false));
        long idA = awaitDeadLetter(a).path("id").asLong();
        long idB = awaitDeadLetter(b).path("id").asLong();

        assertThat(json.readTree(http.get("/api/dead-letters?pair=crm-to-billing&minAge=PT1H").body()).findValuesAsText("eventId"))
                .as("none is an hour old").doesNotContain(a, b);
        assertThat(json.readTree(http.get("/api/dead-letters?pair=crm-to-billing&maxAge=PT1H").body()).findValuesAsText("eventId"))
                .contains(a, b);

        HttpResponse<String> bulk = http.postEmpty("/api/dead-letters/replay?pair=crm-to-billing&maxAge=PT1H");
        assertThat(bulk.statusCode()).isEqualTo(202);
        JsonNode answer = json.readTree(bulk.body());
        List<Long> ids = new java.util.ArrayList<>();
        answer.path("ids").forEach(n -> ids.add(n.asLong()));
        assertThat(ids).contains(idA, idB);
        assertThat(answer.path("replayed").asInt()).isEqualTo(ids.size());
        // They still cannot be written, so each reopens once with its replay counted.
        await().atMost(WAIT).until(() -> lockstep.queryForObject(
                "SELECT count(*) FROM dead_letter WHERE id IN (?, ?) AND status = 'OPEN' AND replay_count = 1", Integer.class, idA, idB) == 2);
    }

    @Test
    void deadLettersCanBeListedByPairAndStatusDiscardedAndUnknownOnesAreNotFound() throws Exception {
        String unreachable = uniqueId("e");
        post(contact(unreachable, uniqueId("C"), null, "Nobody", "Known", null, "GB", "2026-11-26T10:00:00Z", false));
        long id = awaitDeadLetter(unreachable).path("id").asLong();

        JsonNode open = json.readTree(http.get("/api/dead-letters?pair=crm-to-billing&status=open").body());
        assertThat(open.findValuesAsText("eventId")).contains(unreachable);
        assertThat(json.readTree(http.get("/api/dead-letters?pair=no-such-pair").body())).isEmpty();

        assertThat(http.delete("/api/dead-letters/" + id).statusCode()).isEqualTo(200);
        assertThat(json.readTree(http.get("/api/dead-letters/" + id).body()).path("status").asText()).isEqualTo("DISCARDED");
        assertThat(http.postEmpty("/api/dead-letters/" + id + "/replay").statusCode()).isEqualTo(409);
        assertThat(http.postEmpty("/api/dead-letters/987654321/replay").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/dead-letters/987654321").statusCode()).isEqualTo(404);
    }

    void post(String body) {
        HttpResponse<String> response = http.postJson(WEBHOOK, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    String outcome(String eventId) {
        return lockstep.queryForObject("SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId);
    }

    JsonNode awaitDeadLetter(String eventId) {
        return await().atMost(WAIT).until(() -> {
            List<Long> ids = lockstep.queryForList("SELECT id FROM dead_letter WHERE pair = 'crm-to-billing' AND event_id = ? AND status = 'OPEN'", Long.class, eventId);
            return ids.isEmpty() ? null : json.readTree(http.get("/api/dead-letters/" + ids.get(0)).body());
        }, node -> node != null);
    }
}
