package dev.lockstep.routes;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.support.CrmEvents;
import dev.lockstep.support.FreshDatabases;
import dev.lockstep.support.Http;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/**
 * The real {@code routes/crm-to-billing.camel.yaml} with both deliver endpoints replaced by mocks
 * (the batch path's {@code sql:} batch statement and the one-by-one path's {@code jdbc:billing}):
 * what the pipeline hands the target, and which events never reach it.
 */
@CamelSpringBootTest
@UseAdviceWith
// The property makes this context its own: @UseAdviceWith is not part of Spring's context cache key,
// so without it this class could be handed an already started context from another test class.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "lockstep.test.context=advised-routes")
@ContextConfiguration(initializers = FreshDatabases.class)
class CrmToBillingRouteTest {

    static final String WEBHOOK = "/webhooks/crm/contacts";

    @Autowired
    CamelContext camel;

    @EndpointInject("mock:billing-batch")
    MockEndpoint batch;

    @EndpointInject("mock:billing")
    MockEndpoint oneByOne;

    @Autowired
    JdbcTemplate lockstep;

    @LocalServerPort
    int port;

    Http http;

    static boolean advised;

    @BeforeEach
    void adviseOnce() throws Exception {
        if (!advised) {
            assertThat(camel.isStarted()).as("the context must start only after the advice").isFalse();
            advised = true;
            AdviceWith.adviceWith(camel, "crm-to-billing",
                    route -> route.weaveByToUri("sql:batch-statement-in-body*").replace().to("mock:billing-batch"));
            AdviceWith.adviceWith(camel, "crm-to-billing-one-by-one",
                    route -> route.weaveByToUri("jdbc:billing*").replace().to("mock:billing"));
            camel.start();
        }
        batch.reset();
        oneByOne.reset();
        http = new Http(port);
    }

    @Test
    void theBatchDeliverStepReceivesOneParameterisedUpsertOfTheCleanedRow() throws Exception {
        batch.expectedMessageCount(1);
        String id = uniqueId("C");
        String eventId = uniqueId("e");
        post(contact(eventId, id, "  Ada@Example.COM", " Ada ", "Byron  Lovelace", "(202) 555-0143", "US",
                "2026-11-26T05:00:00-05:00", false));

        batch.assertIsSatisfied(10_000);
        Exchange delivered = batch.getReceivedExchanges().get(0);
        String sql = delivered.getMessage().getBody(String.class);
        assertThat(sql).startsWith("INSERT INTO billing_customer (")
                .contains(":?col_email", "ON CONFLICT (customer_ref) DO UPDATE SET", "synced_at = EXCLUDED.synced_at")
                .doesNotContain("ada@example.com").doesNotContain(id);
        List<Map<String, Object>> parameters = parameters(delivered);
        assertThat(parameters).hasSize(1);
        assertThat(parameters.get(0)).containsEntry("col_customer_ref", id)
                .containsEntry("col_email", "ada@example.com")
                .containsEntry("col_full_name", "Ada Byron Lovelace")
                .containsEntry("col_phone", "+12025550143")
                .containsEntry("col_crm_updated_at", OffsetDateTime.parse("2026-11-26T10:00:00Z"))
                .containsEntry("col_deleted_at", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "APPLIED".equals(outcome(eventId)));
        assertThat(oneByOne.getReceivedCounter()).as("nothing went one by one").isZero();
    }

    @Test
    void aDuplicateAndAStaleEventNeverReachTheDeliverStep() throws Exception {
        String id = uniqueId("C");
        String first = uniqueId("e");
        String stale = uniqueId("e");
        String sameContent = uniqueId("e");

        post(contact(first, id, "Ada", "2026-11-26T12:00:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "APPLIED".equals(outcome(first)));
        post(contact(first, id, "Ada", "2026-11-26T12:00:00Z"));
        post(contact(stale, id, "Old", "2026-11-26T11:00:00Z"));
        post(contact(sameContent, id, "Ada", "2026-11-26T12:00:00Z"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "UNCHANGED".equals(outcome(sameContent)));
        assertThat(outcome(stale)).isEqualTo("STALE");
        assertThat(batch.getReceivedCounter()).as("only the first event was written").isEqualTo(1);
        assertThat(oneByOne.getReceivedCounter()).isZero();
    }

    @Test
    void aDeleteBecomesAnUpdateOfTheDeleteColumnOnly() throws Exception {
        String id = uniqueId("C");
        batch.expectedMessageCount(1);
        post(CrmEvents.delete(uniqueId("e"), id, "2026-11-26T10:00:00Z"));

        batch.assertIsSatisfied(10_000);
        Exchange delivered = batch.getReceivedExchanges().get(0);
        assertThat(delivered.getMessage().getBody(String.class))
                .isEqualTo("UPDATE billing_customer SET crm_updated_at = :?col_crm_updated_at, deleted_at = :?col_deleted_at,"
                        + " synced_at = now() WHERE customer_ref = :?col_customer_ref");
        assertThat(parameters(delivered).get(0).get("col_deleted_at")).isEqualTo(OffsetDateTime.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void aFailingBatchGoesOneByOneWhereTheEventIsRetriedThenDeadLetteredNamingTheDeliverStep() throws Exception {
        String eventId = uniqueId("e");
        batch.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("billing said no to the batch");
        });
        oneByOne.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("billing said no");
        });
        oneByOne.expectedMessageCount(3);

        post(contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"));

        oneByOne.assertIsSatisfied(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD_LETTERED".equals(outcome(eventId)));
        assertThat(batch.getReceivedCounter()).as("the batch is tried once, not retried").isEqualTo(1);
        Map<String, Object> deadLetter = lockstep.queryForMap("SELECT * FROM dead_letter WHERE pair = 'crm-to-billing' AND event_id = ?", eventId);
        assertThat(deadLetter).containsEntry("step", "deliver").containsEntry("route_id", "crm-to-billing")
                .containsEntry("exception_class", "java.lang.IllegalStateException")
                .containsEntry("exception_message", "billing said no")
                .containsEntry("attempts", 3)
                .containsEntry("status", "OPEN");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parameters(Exchange delivered) {
        List<Map<String, Object>> parameters = new ArrayList<>();
        delivered.getMessage().getHeader("CamelSqlParameters", Iterator.class).forEachRemaining(p -> parameters.add((Map<String, Object>) p));
        return parameters;
    }

    void post(String body) {
        assertThat(http.postJson(WEBHOOK, body).statusCode()).isEqualTo(202);
    }

    String outcome(String eventId) {
        return lockstep.queryForObject("SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId);
    }
}
