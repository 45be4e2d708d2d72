package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A webhook's event does not wait for a backed-off inbox poll: the inbox writer wakes the polls
 * (IdleInboxBackoff.eventsArrived). Here a backed-off poll would run once a minute, so an event
 * that lands within seconds was woken for.
 */
class IdleInboxWakeUpTest {

    static ConfigurableApplicationContext app;
    static JdbcTemplate billing;
    static Http http;

    @BeforeAll
    static void start() {
        TestDatabases pg = TestDatabases.get();
        String billingUrl = pg.createDatabase("billing_test");
        // Backed off after five empty polls (50 ms idle), then polled every 6,001st tick: once a minute.
        app = LockstepProcess.start(pg.createDatabase("lockstep_test"), billingUrl,
                "lockstep.inbox.backoff-idle-polls=5", "lockstep.inbox.backoff-multiplier=6000");
        billing = new JdbcTemplate(new DriverManagerDataSource(billingUrl, pg.user(), pg.password()));
        http = new Http(LockstepProcess.port(app));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void anEventAcceptedWhileTheInboxIsBackedOffIsAppliedAtOnce() throws Exception {
        Thread.sleep(1500); // the first polls (after 500 ms) found nothing: crm-to-billing's poll is backed off
        String id = uniqueId("C");

        assertThat(http.postJson("/webhooks/crm/contacts", contact(uniqueId("e"), id, "Ada", "2026-11-26T10:00:00Z")).statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(10)).until(() -> billing.queryForObject(
                "SELECT count(*) FROM billing_customer WHERE customer_ref = ?", Integer.class, id) == 1);
    }
}
