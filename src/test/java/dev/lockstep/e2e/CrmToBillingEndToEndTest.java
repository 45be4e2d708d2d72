package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.support.CrmEvents;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The crm-to-billing pair end to end: the real application and route files on real PostgreSQL,
 * events posted over HTTP, outcomes read from the billing table, the inbox, the quarantine and
 * the dead letters.
 */
class CrmToBillingEndToEndTest extends PipelineTestSupport {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aNewContactIsCleanedMappedAndWrittenOnce() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e");
        String body = contact(eventId, id, " Ada@Example.COM ", "Ada", "Lovelace", "020 7946 0958", "GB",
                "2026-11-26T10:00:00Z", false);

        HttpResponse<String> response = http.postJson(WEBHOOK, body);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json.readTree(response.body()).path("status").asText()).isEqualTo("accepted");
        // The answer is complete when written: sent with its length, not chunked (one write, not two).
        assertThat(response.headers().firstValue("Content-Length")).hasValue(String.valueOf(response.body().length()));
        Map<String, Object> row = awaitCustomer(id);
        assertThat(row.get("email")).isEqualTo("ada@example.com");
        assertThat(row.get("full_name")).isEqualTo("Ada Lovelace");
        assertThat(row.get("phone")).isEqualTo("+442079460958");
        assertThat(instant(row.get("crm_updated_at"))).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(row.get("deleted_at")).isNull();
        assertThat(row.get("synced_at")).isNotNull();
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
    }

    @Test
    void anUpdateWithANewerTimestampReplacesTheRow() {
        String id = uniqueId("C");
        post(contact(uniqueId("e"), id, "Ada", "2026-11-26T10:00:00Z"));
        awaitCustomer(id);
        String update = uniqueId("e");
        post(contact(update, id, " Augusta ", "2026-11-26T12:30:00+01:00"));

        assertThat(awaitOutcome(update)).isEqualTo("APPLIED");
        Map<String, Object> row = customer(id);
        assertThat(row.get("full_name")).isEqualTo("Augusta Lovelace");
        assertThat(instant(row.get("crm_updated_at"))).as("stored in UTC").isEqualTo("2026-11-26T11:30:00Z");
    }

    @Test
    void billingsPoolSendsBatchedUpsertsAsMultiRowStatements() {
        // The batch path's upserts reach PostgreSQL as a few statements (RewriteBatchedInsertsTest counts them).
        assertThat(((com.zaxxer.hikari.HikariDataSource) billingDataSource).getDataSourceProperties())
                .containsEntry("reWriteBatchedInserts", "true");
    }

    @Test
    void aRepeatedEventIdIsAcceptedAgainAndHasNoSecondEffect() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e");
        String body = contact(eventId, id, "Ada", "2026-11-26T10:00:00Z");
        post(body);
        awaitCustomer(id);
        Object syncedAt = customer(id).get("synced_at");

        HttpResponse<String> again = http.postJson(WEBHOOK, body);

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json.readTree(again.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(lockstep.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", Integer.class, eventId)).isEqualTo(1);
        Thread.sleep(300);
        assertThat(customer(id).get("synced_at")).isEqualTo(syncedAt);
    }

    @Test
    void aStaleEventChangesNothingAndIsCountedAsStale() {
        String id = uniqueId("C");
        post(contact(uniqueId("e"), id, "Newer", "2026-11-26T12:00:00Z"));
        awaitCustomer(id);
        String stale = uniqueId("e");

        post(contact(stale, id, "Older", "2026-11-26T09:00:00Z"));

        assertThat(awaitOutcome(stale)).isEqualTo("STALE");
        assertThat(customer(id).get("full_name")).isEqualTo("Newer Lovelace");
        assertThat(instant(customer(id).get("crm_updated_at"))).isEqualTo("2026-11-26T12:00:00Z");
    }

    @Test
    void equalTimestampsWithDifferentContentSettleOnTheSameRowWhateverTheArrivalOrder() {
        String a = uniqueId("C");
        String b = uniqueId("C");
        String t = "2026-11-26T10:00:00Z";
        // Record a sees version X then Y; record b sees Y then X. Both must end with the same version.
        String ax = uniqueId("e");
        String ay = uniqueId("e");
        String by = uniqueId("e");
        String bx = uniqueId("e");
        post(contactWithoutEmail(ax, a, "Xavier", t));
        awaitOutcome(ax);
        post(contactWithoutEmail(ay, a, "Yvonne", t));
        post(contactWithoutEmail(by, b, "Yvonne", t));
        awaitOutcome(by);
        post(contactWithoutEmail(bx, b, "Xavier", t));

        List<String> outcomes = List.of(awaitOutcome(ay), awaitOutcome(bx));
        assertThat(outcomes).as("one second arrival wins, the other loses").containsExactlyInAnyOrder("APPLIED", "STALE");
        assertThat(customer(a).get("full_name")).isEqualTo(customer(b).get("full_name"));
    }

    static String contactWithoutEmail(String eventId, String id, String first, String updatedAt) {
        return contact(eventId, id, null, first, "Lovelace", "020 7946 0958", "GB", updatedAt, false);
    }

    @Test
    void aDeleteSoftDeletesAndANewerUpsertRevives() {
        String id = uniqueId("C");
        post(contact(uniqueId("e"), id, "Ada", "2026-11-26T10:00:00Z"));
        awaitCustomer(id);

        String delete = uniqueId("e");
        post(CrmEvents.delete(delete, id, "2026-11-26T11:00:00Z"));
        assertThat(awaitOutcome(delete)).isEqualTo("APPLIED");
        Map<String, Object> deleted = customer(id);
        assertThat(instant(deleted.get("deleted_at"))).isEqualTo("2026-11-26T11:00:00Z");
        assertThat(deleted.get("email")).as("a soft delete keeps the data").isNotNull();

        String olderUpsert = uniqueId("e");
        post(contact(olderUpsert, id, "Zombie", "2026-11-26T10:30:00Z"));
        assertThat(awaitOutcome(olderUpsert)).isEqualTo("STALE");
        assertThat(customer(id).get("deleted_at")).isNotNull();

        String revive = uniqueId("e");
        post(contact(revive, id, "Ada", "2026-11-26T12:00:00Z"));
        assertThat(awaitOutcome(revive)).isEqualTo("APPLIED");
        assertThat(customer(id).get("deleted_at")).isNull();
        assertThat(instant(customer(id).get("crm_updated_at"))).isEqualTo("2026-11-26T12:00:00Z");
    }

    @Test
    void invalidDataIsQuarantinedWithEveryReasonAndNotWritten() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e");
        HttpResponse<String> response = http.postJson(WEBHOOK,
                contact(eventId, id, "ada-at-example.com", "Ada", "Lovelace", "12", "GB", "2026-11-26T10:00:00Z", false));

        assertThat(response.statusCode()).as("the event was accepted; it is the data that is bad").isEqualTo(202);
        assertThat(awaitOutcome(eventId)).isEqualTo("QUARANTINED");
        assertThat(billing.queryForList("SELECT * FROM billing_customer WHERE customer_ref = ?", id)).isEmpty();
        JsonNode quarantined = json.readTree(http.get("/api/quarantine?pair=crm-to-billing").body());
        JsonNode entry = null;
        for (JsonNode q : quarantined) {
            if (q.path("eventId").asText().equals(eventId)) {
                entry = q;
            }
        }
        assertThat(entry).as("quarantine entry for " + eventId).isNotNull();
        assertThat(entry.path("reasons").findValuesAsText("field")).containsExactlyInAnyOrder("email", "phone");
        assertThat(entry.path("reasons").toString()).contains("not an e-mail address", "ada-at-example.com", "not a valid phone number");
    }

    @Test
    void aQuarantinedRecordIsReleasedAfterTheSourceIsFixedAndAppliedOnceOrDiscarded() throws Exception {
        String first = uniqueId("C");
        String second = uniqueId("C");
        String email = first.toLowerCase() + "@example.com";
        post(contact(uniqueId("e"), first, email, "Ada", "Lovelace", null, "GB", "2026-11-26T10:00:00Z", false));
        String duplicate = uniqueId("e");
        post(contact(duplicate, second, email, "Augusta", "King", null, "GB", "2026-11-26T10:00:00Z", false));
        assertThat(awaitOutcome(duplicate)).as("same e-mail as a linked contact").isEqualTo("QUARANTINED");
        long entry = quarantineEntry(duplicate).path("id").asLong();
        assertThat(quarantineEntry(duplicate).path("status").asText()).isEqualTo("OPEN");

        // Fixed in the CRM: the first contact's e-mail was the wrong one.
        String fix = uniqueId("e");
        post(contact(fix, first, "ada.l@example.com", "Ada", "Lovelace", null, "GB", "2026-11-26T11:00:00Z", false));
        assertThat(awaitOutcome(fix)).isEqualTo("APPLIED");
        HttpResponse<String> released = http.postEmpty("/api/quarantine/" + entry + "/release");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(202);
        assertThat(awaitOutcome(duplicate)).isEqualTo("APPLIED");
        assertThat(customer(second).get("email")).isEqualTo(email);
        assertThat(http.postEmpty("/api/quarantine/" + entry + "/release").statusCode()).as("released once").isEqualTo(409);
        assertThat(quarantineEntry(duplicate).path("status").asText()).isEqualTo("RELEASED");

        String bad = uniqueId("e");
        post(contact(bad, uniqueId("C"), "not-an-address", "Bad", "Data", null, "GB", "2026-11-26T10:00:00Z", false));
        assertThat(awaitOutcome(bad)).isEqualTo("QUARANTINED");
        long badEntry = quarantineEntry(bad).path("id").asLong();
        assertThat(http.delete("/api/quarantine/" + badEntry).statusCode()).isEqualTo(202);
        assertThat(quarantineEntry(bad).path("status").asText()).isEqualTo("DISCARDED");
        assertThat(http.delete("/api/quarantine/" + badEntry).statusCode()).isEqualTo(409);
        assertThat(lockstep.queryForObject("SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?",
                String.class, bad)).as("a discarded record is not run again").isEqualTo("QUARANTINED");
        assertThat(http.postEmpty("/api/quarantine/999999999/release").statusCode()).isEqualTo(404);
        assertThat(http.get("/api/quarantine?status=maybe").statusCode()).isEqualTo(400);
    }

    private JsonNode quarantineEntry(String eventId) throws Exception {
        for (JsonNode q : json.readTree(http.get("/api/quarantine?pair=crm-to-billing&limit=1000").body())) {
            if (q.path("eventId").asText().equals(eventId)) {
                return q;
            }
        }
        throw new AssertionError("no quarantine entry for " + eventId);
    }

    @Test
    void aNewContactWhoseEmailBillingAlreadyHasIsLinkedToThatCustomerNotDuplicated() {
        // B-0001 (grace@example.com) is the customer the demo billing database starts with.
        String id = uniqueId("C");
        String first = uniqueId("e");
        post(contact(first, id, " Grace@Example.COM ", "Grace", "Brewster Hopper", null, "US", "2026-11-26T10:00:00Z", false));

        assertThat(awaitOutcome(first)).isEqualTo("APPLIED");
        assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref = ?", id)).as("no duplicate").isEmpty();
        Map<String, Object> grace = customer("B-0001");
        assertThat(grace.get("full_name")).isEqualTo("Grace Brewster Hopper");
        assertThat(lockstep.queryForObject("SELECT target_id FROM sync_record WHERE pair = 'crm-to-billing' AND source_id = ?", String.class, id)).isEqualTo("B-0001");

        String later = uniqueId("e");
        post(contact(later, id, "grace.hopper@example.com", "Grace", "Hopper", null, "US", "2026-11-26T11:00:00Z", false));
        assertThat(awaitOutcome(later)).isEqualTo("APPLIED");
        assertThat(customer("B-0001").get("email")).as("the link holds after the match key changes").isEqualTo("grace.hopper@example.com");
    }

    @Test
    void twoContactsWithOneEmailAreQuarantinedAsADuplicatePairNeverMerged() throws Exception {
        String original = uniqueId("C");
        String copy = uniqueId("C");
        String email = "twin-" + original.toLowerCase() + "@example.com";
        post(contact(uniqueId("e"), original, email, "Ada", "Lovelace", null, "GB", "2026-11-26T10:00:00Z", false));
        String copyEvent = uniqueId("e");
        post(contact(copyEvent, copy, email.toUpperCase(), "Ada", "Copy", null, "GB", "2026-11-26T10:00:00Z", false));

        assertThat(awaitOutcome(copyEvent)).isEqualTo("QUARANTINED");
        assertThat(customer(original).get("full_name")).isEqualTo("Ada Lovelace");
        assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref = ?", copy)).isEmpty();
        String reasons = lockstep.queryForObject("SELECT reasons::text FROM quarantine WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, copyEvent);
        assertThat(reasons).contains("duplicate of source record " + original, email);
    }

    @Test
    void malformedOrIncompleteRequestsAreRefusedAndNothingIsStored() throws Exception {
        int before = inboxCount();
        assertRefused(http.postJson(WEBHOOK, "{\"eventId\":\"e-x\",\"id\":"), 400, "malformed JSON");
        assertRefused(http.postJson(WEBHOOK, "[1,2]"), 400, "JSON object");
        assertRefused(http.postJson(WEBHOOK, "{\"id\":\"C-1\",\"updatedAt\":\"2026-11-26T10:00:00Z\"}"), 400, "'eventId' is required");
        assertRefused(http.postJson(WEBHOOK, "{\"eventId\":\"" + uniqueId("e") + "\",\"updatedAt\":\"2026-11-26T10:00:00Z\"}"), 400, "'id' is required");
        assertRefused(http.postJson(WEBHOOK, "{\"eventId\":\"" + uniqueId("e") + "\",\"id\":\"C-1\"}"), 400, "'updatedAt' is required");
        assertRefused(http.postJson(WEBHOOK, "{\"eventId\":\"" + uniqueId("e") + "\",\"id\":\"C-1\",\"updatedAt\":\"26/11/2026 10:00\"}"),
                400, "not an ISO-8601 timestamp");
        assertRefused(http.postJson(WEBHOOK, "{\"eventId\":\"" + uniqueId("e") + "\",\"id\":\"C-1\",\"updatedAt\":\"2026-11-26T10:00:00\"}"),
                400, "with an offset");
        String valid = contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        assertThat(http.post(WEBHOOK, "text/plain", valid, Map.of()).statusCode()).isEqualTo(415);
        assertThat(http.post(WEBHOOK, "application/x-www-form-urlencoded", valid, Map.of()).statusCode()).isEqualTo(415);
        assertThat(http.post(WEBHOOK, null, valid, Map.of()).statusCode()).isEqualTo(415);
        String huge = "{\"eventId\":\"" + uniqueId("e") + "\",\"id\":\"C-1\",\"updatedAt\":\"2026-11-26T10:00:00Z\",\"notes\":\""
                + "x".repeat(300 * 1024) + "\"}";
        HttpResponse<String> tooLarge = http.postJson(WEBHOOK, huge);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("larger than");

        assertThat(inboxCount()).as("nothing refused is stored").isEqualTo(before);
    }

    @Test
    void noInternalHeaderLeaksAndNoRequestHeaderSetsACamelHeader() {
        String eventId = uniqueId("e");
        HttpResponse<String> response = http.post(WEBHOOK, "application/json",
                contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                Map.of("CamelHttpResponseCode", "500", "lockstepPair", "evil", "X-Trace", "abc", "breadcrumbId", "x"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().map().keySet()).allSatisfy(name ->
                assertThat(name.toLowerCase()).doesNotStartWith("camel").doesNotStartWith("lockstep")
                        .isNotEqualTo("x-trace").isNotEqualTo("breadcrumbid").doesNotStartWith("col_"));
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        assertThat(lockstep.queryForList("SELECT pair FROM inbox_event WHERE event_id = ?", String.class, eventId))
                .as("the pairs the webhook feeds, whatever the headers said").contains("crm-to-billing").doesNotContain("evil");
    }

    // --- helpers ------------------------------------------------------------------------------

    void post(String body) {
        HttpResponse<String> response = http.postJson(WEBHOOK, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    void assertRefused(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json.readTree(response.body()).path("error").asText()).contains(message);
    }

    int inboxCount() {
        return lockstep.queryForObject("SELECT count(*) FROM inbox_event", Integer.class);
    }

    Map<String, Object> customer(String id) {
        List<Map<String, Object>> rows = billing.queryForList("SELECT * FROM billing_customer WHERE customer_ref = ?", id);
        assertThat(rows).as("billing customer " + id).hasSize(1);
        return rows.get(0);
    }

    Map<String, Object> awaitCustomer(String id) {
        await().atMost(WAIT).until(() -> !billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref = ?", id).isEmpty());
        return customer(id);
    }

    String awaitOutcome(String eventId) {
        return await().atMost(WAIT).until(
                () -> lockstep.queryForObject("SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId),
                status -> !"PENDING".equals(status));
    }

    static String instant(Object timestamp) {
        if (timestamp instanceof java.sql.Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (timestamp instanceof OffsetDateTime odt) {
            return odt.toInstant().toString();
        }
        return String.valueOf(timestamp);
    }
}
