package dev.lockstep.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.delete;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.lockstep.deliver.http.HttpTargets;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.lockstep.email.EmailMemberRequest;
import dev.lockstep.support.EmailApiStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * crm-to-email end to end: the CRM webhook fans out to billing and to the email list, and the list
 * member is written through the stand-in of the email-marketing API. Every fault case checks "no
 * record lost, none duplicated, every failure in the dead letters with its cause", and the requests
 * the API received: the path (md5 of the lower-cased e-mail), the body and the Authorization header.
 */
class CrmToEmailTest extends PipelineTestSupport {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PAIR = "crm-to-email";

    final WireMockServer api = EmailApiStandIn.get();

    @Autowired
    HttpTargets targets;

    /**
     * Other test classes' events flow to the email list too (one context, one webhook); let their
     * backlog drain first, so a fault played here only meets this test's events.
     */
    @BeforeEach
    void quietList() {
        await().atMost(Duration.ofMinutes(3)).until(() -> lockstep.queryForObject(
                "SELECT count(*) FROM inbox_event WHERE pair = ? AND status = 'PENDING'", Integer.class, PAIR) == 0);
    }

    @Test
    void aContactBecomesAListMemberOnceAddressedByTheHashOfItsLowerCasedEmail() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e");
        String body = contact(eventId, id, " Ada." + id + "@Example.COM ", "Ada", "Lovelace", "020 7946 0958", "GB",
                "2026-11-26T10:00:00Z", false);
        assertThat(http.postJson(WEBHOOK, body).statusCode()).isEqualTo(202);

        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        String email = ("ada." + id + "@example.com").toLowerCase(Locale.ROOT);
        String path = memberPath(email);
        List<LoggedRequest> puts = api.findAll(putRequestedFor(urlEqualTo(path)));
        assertThat(puts).hasSize(1);
        LoggedRequest request = puts.get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString(("lockstep:" + EmailApiStandIn.API_KEY).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode sent = json.readTree(request.getBodyAsString());
        assertThat(sent.path("email_address").asText()).isEqualTo(email);
        assertThat(sent.path("status_if_new").asText()).isEqualTo("subscribed");
        assertThat(sent.has("status")).as("status is never forced").isFalse();
        assertThat(sent.has("member_email")).as("the key column is Lockstep's link, not sent").isFalse();
        assertThat(sent.path("merge_fields").path("FNAME").asText()).isEqualTo("Ada");
        assertThat(sent.path("merge_fields").path("LNAME").asText()).isEqualTo("Lovelace");
        assertThat(sent.path("merge_fields").path("PHONE").asText()).isEqualTo("+442079460958");
        // The same event fed billing too: one inbox row per pair, from one webhook call.
        assertThat(lockstep.queryForList("SELECT pair FROM inbox_event WHERE event_id = ? ORDER BY pair", String.class, eventId))
                .containsExactly("crm-to-billing", PAIR);

        // Redelivered by the CRM: accepted as a duplicate, nothing stored or sent again.
        assertThat(json.readTree(http.postJson(WEBHOOK, body).body()).path("status").asText()).isEqualTo("duplicate");
        Thread.sleep(500);
        assertThat(api.findAll(putRequestedFor(urlEqualTo(path)))).hasSize(1);
        assertThat(lockstep.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ?", Integer.class, eventId)).isEqualTo(2);
    }

    @Test
    void aDeleteArchivesTheMemberTheLedgerLinkedAndAChangedAddressRenamesTheMember() throws Exception {
        String id = uniqueId("C");
        String first = id.toLowerCase(Locale.ROOT) + "@first.example";
        String second = id.toLowerCase(Locale.ROOT) + "@second.example";
        String created = uniqueId("e");
        post(contact(created, id, first, "Grace", "Hopper", null, "US", "2026-11-26T10:00:00Z", false));
        assertThat(awaitOutcome(created)).isEqualTo("APPLIED");

        // A new address: the member it was written to is updated (the API renames it), no second member.
        String changed = uniqueId("e");
        post(contact(changed, id, second, "Grace", "Hopper", null, "US", "2026-11-26T11:00:00Z", false));
        assertThat(awaitOutcome(changed)).isEqualTo("APPLIED");
        List<LoggedRequest> puts = api.findAll(putRequestedFor(urlEqualTo(memberPath(first))));
        assertThat(puts).hasSize(2);
        assertThat(json.readTree(puts.get(1).getBodyAsString()).path("email_address").asText()).isEqualTo(second);
        assertThat(api.findAll(putRequestedFor(urlEqualTo(memberPath(second))))).isEmpty();

        // The CRM's delete carries no e-mail: the ledger knows the member, now under the new address.
        String deleted = uniqueId("e");
        post(delete(deleted, id, "2026-11-26T12:00:00Z"));
        assertThat(awaitOutcome(deleted)).isEqualTo("APPLIED");
        assertThat(api.findAll(deleteRequestedFor(urlEqualTo(memberPath(second))))).hasSize(1);

        // A delete of a contact never synced has no member to archive: nothing is sent.
        String unknown = uniqueId("C");
        String stray = uniqueId("e");
        post(delete(stray, unknown, "2026-11-26T12:00:00Z"));
        assertThat(awaitOutcome(stray)).isEqualTo("UNCHANGED");
    }

    @Test
    void aMemberWhoUnsubscribedOnTheEmailSideStaysUnsubscribed() throws Exception {
        String id = uniqueId("C");
        String email = id.toLowerCase(Locale.ROOT) + "@unsubscribed.example";
        String path = memberPath(email);
        // The API keeps an existing member's status; it answers with the member as it is.
        api.stubFor(put(urlEqualTo(path)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"email_address\":\"" + email + "\",\"status\":\"unsubscribed\"}")));
        String eventId = uniqueId("e");
        post(contact(eventId, id, email, "Una", "Subscribed", null, "GB", "2026-11-26T10:00:00Z", false));

        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        JsonNode sent = json.readTree(api.findAll(putRequestedFor(urlEqualTo(path))).get(0).getBodyAsString());
        assertThat(sent.has("status")).as("a sync never sends status, which would re-subscribe").isFalse();
        assertThat(sent.path("status_if_new").asText()).as("applies to new members only").isEqualTo("subscribed");
    }

    @Test
    void aBurstOf500sIsRetriedWithBackOffAndTheMemberLandsOnce() throws Exception {
        String email = uniqueId("burst").toLowerCase(Locale.ROOT) + "@example.com";
        String path = memberPath(email);
        failThenSucceed(path, "burst", 3, aResponse().withStatus(500).withBody("{\"title\":\"Internal Server Error\"}"));
        String eventId = uniqueId("e");
        post(contact(eventId, uniqueId("C"), email, "Bea", "Burst", null, "GB", "2026-11-26T10:00:00Z", false));

        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        assertThat(api.findAll(putRequestedFor(urlEqualTo(path)))).as("three 500s, then the success").hasSize(4);
        assertThat(deadLetters(eventId)).isZero();
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterSaysAndTheMemberLandsOnce() throws Exception {
        String email = uniqueId("limited").toLowerCase(Locale.ROOT) + "@example.com";
        String path = memberPath(email);
        failThenSucceed(path, "limited", 1, aResponse().withStatus(429).withHeader("Retry-After", "2")
                .withBody("{\"title\":\"Too Many Requests\"}"));
        String eventId = uniqueId("e");
        post(contact(eventId, uniqueId("C"), email, "Rita", "Limit", null, "GB", "2026-11-26T10:00:00Z", false));

        await().atMost(WAIT).until(() -> api.findAll(putRequestedFor(urlEqualTo(path))).size() == 1);
        Thread.sleep(500);
        assertThat(outcome(eventId)).as("parked in the inbox while the API asked us to wait").isEqualTo("PENDING");
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        List<LoggedRequest> puts = api.findAll(putRequestedFor(urlEqualTo(path)));
        assertThat(puts).hasSize(2);
        long waitedMillis = puts.get(1).getLoggedDate().getTime() - puts.get(0).getLoggedDate().getTime();
        assertThat(waitedMillis).as("Retry-After: 2 is honoured").isGreaterThanOrEqualTo(1900);
        assertThat(deadLetters(eventId)).isZero();
    }

    @Test
    void slowAnswersPastTheTimeoutAreRetriedUntilTheApiRecovers() throws Exception {
        String email = uniqueId("slow").toLowerCase(Locale.ROOT) + "@example.com";
        String path = memberPath(email);
        failThenSucceed(path, "slow", 2, aResponse().withStatus(200).withFixedDelay(4_000).withBody("{\"status\":\"subscribed\"}"));
        String eventId = uniqueId("e");
        post(contact(eventId, uniqueId("C"), email, "Sam", "Slow", null, "GB", "2026-11-26T10:00:00Z", false));

        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        assertThat(api.findAll(putRequestedFor(urlEqualTo(path)))).as("two timed out, the third answered in time").hasSize(3);
        assertThat(deadLetters(eventId)).isZero();
    }

    @Test
    void aConnectionDroppedMidAnswerIsRetried() throws Exception {
        String email = uniqueId("reset").toLowerCase(Locale.ROOT) + "@example.com";
        String path = memberPath(email);
        failThenSucceed(path, "reset", 1, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        String eventId = uniqueId("e");
        post(contact(eventId, uniqueId("C"), email, "Rory", "Reset", null, "GB", "2026-11-26T10:00:00Z", false));

        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        assertThat(api.findAll(putRequestedFor(urlEqualTo(path)))).hasSize(2);
    }

    @Test
    void aPermanent400GoesStraightToTheDeadLettersWithTheStatusAndTheApisAnswer() throws Exception {
        String email = uniqueId("bad").toLowerCase(Locale.ROOT) + "@example.com";
        String path = memberPath(email);
        api.stubFor(put(urlEqualTo(path)).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Invalid Resource\",\"status\":400,\"detail\":\"" + email + " looks fake or invalid\"}")));
        String eventId = uniqueId("e");
        post(contact(eventId, uniqueId("C"), email, "Fay", "Fake", null, "GB", "2026-11-26T10:00:00Z", false));

        assertThat(awaitOutcome(eventId)).isEqualTo("DEAD_LETTERED");
        assertThat(api.findAll(putRequestedFor(urlEqualTo(path)))).as("no retry of a 4xx").hasSize(1);
        JsonNode deadLetter = json.readTree(http.get("/api/dead-letters?pair=" + PAIR).body()).findParents("eventId").stream()
                .filter(n -> n.path("eventId").asText().equals(eventId)).findFirst().orElseThrow();
        assertThat(deadLetter.path("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetter.path("step").asText()).isEqualTo("email-deliver");
        assertThat(deadLetter.path("exceptionClass").asText()).isEqualTo("dev.lockstep.deliver.http.HttpDeliveryException");
        assertThat(deadLetter.path("exceptionMessage").asText()).contains("HTTP 400", "PUT", path.substring("/3.0".length()),
                "Invalid Resource", "looks fake or invalid");
        assertThat(deadLetter.toString()).as("the API key never reaches a dead letter").doesNotContain(EmailApiStandIn.API_KEY);
        assertThat(outcomeOf("crm-to-billing", eventId)).as("billing is not affected").isEqualTo("APPLIED");
    }

    @Test
    void theCircuitBreakerStopsCallingAnApiThatIsDownAndNothingIsLostOnceItIsBack() throws Exception {
        CircuitBreaker breaker = targets.circuitBreaker("email");
        breaker.reset();
        AtomicInteger refused = new AtomicInteger();
        breaker.getEventPublisher().onCallNotPermitted(event -> refused.incrementAndGet());
        StubMapping down = api.stubFor(put(urlPathMatching("/3\\.0/lists/[^/]+/members/[0-9a-f]{32}")).atPriority(2)
                .willReturn(aResponse().withStatus(500).withBody("{\"title\":\"Internal Server Error\"}")));
        String prefix = uniqueId("cb").toLowerCase(Locale.ROOT);
        List<String> events = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                String email = prefix + "-" + i + "@example.com";
                String eventId = uniqueId("e");
                events.add(eventId);
                paths.add(memberPath(email));
                post(contact(eventId, uniqueId("C"), email, "Cy", "Breaker", null, "GB", "2026-11-26T10:00:00Z", false));
            }
            for (String eventId : events) {
                assertThat(awaitOutcome(eventId)).isEqualTo("DEAD_LETTERED");
            }
            int calls = paths.stream().mapToInt(p -> api.findAll(putRequestedFor(urlEqualTo(p))).size()).sum();
            assertThat(calls).as("6 events x 6 attempts, but the open breaker sent far fewer").isLessThan(6 * 6 - 6);
            assertThat(refused.get()).as("attempts refused by the open breaker, without a request").isPositive();
            List<String> causes = lockstep.queryForList("SELECT exception_message FROM dead_letter WHERE pair = ? AND event_id = ANY(?)",
                    String.class, PAIR, events.toArray(String[]::new));
            assertThat(causes).allSatisfy(cause -> assertThat(cause).matches("(HTTP 500 from PUT .*|CircuitBreaker 'email' is OPEN.*)"));
        } finally {
            api.removeStub(down);
        }

        // The API is back: replaying the parked events delivers each exactly once, and the breaker closes by itself.
        assertThat(http.postEmpty("/api/dead-letters/replay?pair=" + PAIR).statusCode()).isEqualTo(202);
        for (String eventId : events) {
            await().atMost(WAIT).until(() -> outcome(eventId), "APPLIED"::equals);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(lockstep.queryForObject("SELECT count(*) FROM sync_record WHERE pair = ? AND target_id LIKE ?", Integer.class,
                PAIR, prefix + "-%")).as("one member per contact").isEqualTo(6);
    }

    private void failThenSucceed(String path, String name, int failures, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        String scenario = name + "-" + path;
        String state = Scenario.STARTED;
        for (int i = 1; i <= failures; i++) {
            String next = "failed-" + i;
            api.stubFor(put(urlEqualTo(path)).atPriority(1).inScenario(scenario).whenScenarioStateIs(state)
                    .willReturn(failure).willSetStateTo(next));
            state = next;
        }
        api.stubFor(put(urlEqualTo(path)).atPriority(1).inScenario(scenario).whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"subscribed\"}")));
    }

    static String memberPath(String email) {
        return "/3.0" + EmailMemberRequest.memberPath(EmailApiStandIn.LIST_ID, email);
    }

    private void post(String body) {
        assertThat(http.postJson(WEBHOOK, body).statusCode()).isEqualTo(202);
    }

    private String outcome(String eventId) {
        return outcomeOf(PAIR, eventId);
    }

    private String outcomeOf(String pair, String eventId) {
        return lockstep.queryForObject("SELECT status FROM inbox_event WHERE pair = ? AND event_id = ?", String.class, pair, eventId);
    }

    private String awaitOutcome(String eventId) {
        return await().atMost(WAIT).until(() -> outcome(eventId), s -> !"PENDING".equals(s));
    }

    private int deadLetters(String eventId) {
        return lockstep.queryForObject("SELECT count(*) FROM dead_letter WHERE pair = ? AND event_id = ?", Integer.class, PAIR, eventId);
    }
}
