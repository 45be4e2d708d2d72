package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Without an email API configured, crm-to-email is off: start-up succeeds and says so in one line,
 * the pair's route does not exist, and the CRM webhook stores events for billing only. Without
 * Salesforce credentials, salesforce-and-billing is off the same way; without an accounting API,
 * billing-to-accounting is too, and refuses runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class CrmToEmailOffTest {

    @Test
    void withoutABaseUrlThePairIsOffAndGetsNoEvents(CapturedOutput output) {
        TestDatabases pg = TestDatabases.get();
        String state = pg.createDatabase("lockstep_test");
        try (ConfigurableApplicationContext app = LockstepProcess.start(state, pg.createDatabase("billing_test"))) {
            assertThat(output.getOut()).contains("Pair crm-to-email is off: its target email has no lockstep.systems.email.base-url"
                    + " (environment variable LOCKSTEP_SYSTEMS_EMAIL_BASE_URL)");
            assertThat(app.getBean(CamelContext.class).getRoute("crm-to-email")).isNull();
            // billing-to-accounting likewise, in the same off context: one line, no routes, no runs.
            assertThat(output.getOut()).contains("Pair billing-to-accounting is off: its target accounting has no"
                    + " lockstep.systems.accounting.base-url (environment variable LOCKSTEP_SYSTEMS_ACCOUNTING_BASE_URL)");
            assertThat(app.getBean(CamelContext.class).getRoutes()).noneMatch(r -> r.getRouteId().startsWith("billing-to-accounting"));
            var refused = new Http(LockstepProcess.port(app)).postJson("/api/pairs/billing-to-accounting/runs", "{\"kind\":\"SYNC\"}");
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("billing-to-accounting is off");
            assertThat(app.getBean(CamelContext.class).getRoute("crm-to-billing")).isNotNull();
            // Salesforce is not configured either: salesforce-and-billing is off, said once, no route.
            assertThat(output.getOut()).containsOnlyOnce("Pair salesforce-and-billing is off: Salesforce has no credentials");
            assertThat(app.getBean(CamelContext.class).getRoute("salesforce-and-billing-poll")).isNull();

            String eventId = uniqueId("e");
            assertThat(new Http(LockstepProcess.port(app)).postJson("/webhooks/crm/contacts",
                    contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z")).statusCode()).isEqualTo(202);
            // One connection for all the polling below: the test server's connections are shared.
            SingleConnectionDataSource connection = new SingleConnectionDataSource(state, pg.user(), pg.password(), true);
            JdbcTemplate db = new JdbcTemplate(connection);
            await().atMost(Duration.ofSeconds(30)).until(() -> "APPLIED".equals(db.queryForObject(
                    "SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId)));
            assertThat(db.queryForList("SELECT pair FROM inbox_event WHERE event_id = ?", String.class, eventId))
                    .containsExactly("crm-to-billing");
            connection.destroy();
        }
    }
}
