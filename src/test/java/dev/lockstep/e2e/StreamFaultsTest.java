package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.support.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Faults in the middle of a stream of events: "no record lost, none duplicated, every failure in
 * the dead letters with its cause".
 */
class StreamFaultsTest extends PipelineTestSupport {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Value("${lockstep.systems.billing.jdbc-url}")
    String billingUrl;

    @Test
    void onePoisonRecordAmongAThousandIsDeadLetteredAndTheOther999AreApplied() {
        String prefix = uniqueId("P");
        String poison = prefix + "-500";
        String constraint = "poison_" + prefix.substring(2).toLowerCase();
        billing.execute("ALTER TABLE billing_customer ADD CONSTRAINT " + constraint + " CHECK (customer_ref <> '" + poison + "')");
        try {
            for (int i = 0; i < 1000; i++) {
                String id = prefix + "-" + i;
                assertThat(http.postJson(WEBHOOK, contact("ev-" + id, id, "N" + i, "2026-11-26T10:00:00Z")).statusCode()).isEqualTo(202);
            }
            await().atMost(WAIT).until(() -> count("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND source_id LIKE ? AND status = 'PENDING'", prefix) == 0);

            assertThat(count("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND source_id LIKE ? AND status = 'APPLIED'", prefix)).isEqualTo(999);
            assertThat(new JdbcTemplate(billingDataSource).queryForObject(
                    "SELECT count(*) FROM billing_customer WHERE customer_ref LIKE ?", Integer.class, prefix + "-%")).isEqualTo(999);
            Map<String, Object> deadLetter = lockstep.queryForMap("SELECT * FROM dead_letter WHERE pair = 'crm-to-billing' AND source_id = ?", poison);
            assertThat(deadLetter).containsEntry("status", "OPEN").containsEntry("step", "deliver");
            assertThat((String) deadLetter.get("exception_message")).contains(constraint);
        } finally {
            billing.execute("ALTER TABLE billing_customer DROP CONSTRAINT IF EXISTS " + constraint);
        }
    }

    @Test
    void billingStoppedMidStreamThenBackLosesNothingOnceTheDeadLettersAreReplayed() throws Exception {
        String prefix = uniqueId("M");
        String database = billingUrl.substring(billingUrl.lastIndexOf('/') + 1).split("\\?")[0];
        TestDatabases pg = TestDatabases.get();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                String id = prefix + "-" + i;
                ids.add(id);
                if (i == 100) {
                    // Billing goes away mid-stream; acceptance needs only Lockstep's own database.
                    pg.admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
                    pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
                }
                if (i == 200) {
                    // Keep it away until the outage has cost several events their delivery.
                    await().atMost(WAIT).until(() -> count(
                            "SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND source_id LIKE ? AND status = 'DEAD_LETTERED'", prefix) >= 3);
                    pg.admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
                }
                assertThat(http.postJson(WEBHOOK, contact("ev-" + id, id, "N" + i, "2026-11-26T10:00:00Z")).statusCode()).isEqualTo(202);
                Thread.sleep(5);
            }
        } finally {
            pg.admin("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND source_id LIKE ? AND status = 'PENDING'", prefix) == 0);
        int deadLettered = count("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND source_id LIKE ? AND status = 'DEAD_LETTERED'", prefix);
        System.out.printf("[lockstep-test] billing down mid-stream: %d of 300 events dead-lettered%n", deadLettered);
        assertThat(deadLettered).as("the outage must have hit several events").isGreaterThanOrEqualTo(3);
        assertThat(lockstep.queryForList("SELECT DISTINCT exception_class FROM dead_letter WHERE pair = 'crm-to-billing' AND source_id LIKE ?", String.class, prefix + "-%"))
                .containsOnly("org.postgresql.util.PSQLException");

        assertThat(http.postEmpty("/api/dead-letters/replay?pair=crm-to-billing").statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND source_id LIKE ? AND status = 'APPLIED'", prefix) == 300);
        assertThat(new JdbcTemplate(billingDataSource).queryForObject(
                "SELECT count(*) FROM billing_customer WHERE customer_ref LIKE ?", Integer.class, prefix + "-%")).isEqualTo(300);
        assertThat(count("SELECT count(*) FROM sync_record WHERE pair = 'crm-to-billing' AND source_id LIKE ?", prefix)).isEqualTo(300);
    }

    int count(String sql, String prefix) {
        return lockstep.queryForObject(sql, Integer.class, prefix + "-%");
    }
}
