package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.tablesync.StaleRunWatchdog;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The table pair storefront-orders-to-billing end to end: rows inserted into the storefront's
 * {@code storefront_order}, runs started through the API, rows checked in billing's
 * {@code billing_order}, in the ledger, in the dead letters and in the run records. Pages are the
 * default 1,000 rows. Failures are real: a target constraint, and a trigger on Lockstep's own ledger
 * table that refuses one record (the page's commit fails after the target has the page).
 */
class StorefrontOrdersToBillingTest extends PipelineTestSupport {

    static final String PAIR = "storefront-orders-to-billing";
    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    @Qualifier("storefront")
    DataSource storefrontDataSource;

    @Autowired
    StaleRunWatchdog watchdog;

    JdbcTemplate storefront;

    @BeforeEach
    void storefront() {
        storefront = new JdbcTemplate(storefrontDataSource);
    }

    @Test
    void rowsSharingOneTimestampAcrossPageBoundariesAreEachWrittenOnce() throws Exception {
        String prefix = prefix();
        Instant at = now();
        insert(prefix, 1, 2500, at);

        JsonNode run = finished(start("SYNC"));

        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(billingCount(prefix)).isEqualTo(2500);
        assertThat(ledgerCount(prefix)).isEqualTo(2500);
        assertThat(run.path("counts").path("written").asLong()).isGreaterThanOrEqualTo(2500);
        // The mapping's transforms reached billing: e-mail cleaned, status mapped, currency upper-cased.
        Map<String, Object> row = billing.queryForMap("SELECT * FROM billing_order WHERE order_ref = ?", prefix + "-000007");
        assertThat(row).containsEntry("customer_email", "c7@example.com").containsEntry("status", "PAID").containsEntry("currency", "EUR");
        assertThat(row.get("amount").toString()).isEqualTo("7.50");
        // The cursor is the last row: the shared timestamp and the greatest id.
        Map<String, Object> cursor = lockstep.queryForMap("SELECT modified_at, last_id FROM poll_cursor WHERE pair = ?", PAIR);
        assertThat(((Timestamp) cursor.get("modified_at")).toInstant()).isEqualTo(at);
        assertThat(cursor.get("last_id")).isEqualTo(prefix + "-002500");
    }

    @Test
    void aRowCommittedLateInsideTheOverlapIsStillSynced() throws Exception {
        String prefix = prefix();
        Instant at = now();
        insert(prefix, 1, 10, at);
        finished(start("SYNC"));
        // Committed now, stamped 5 s before the cursor (a transaction that began earlier): behind the cursor, inside the overlap.
        insert(prefix, 11, 11, at.minusSeconds(5));

        JsonNode run = finished(start("SYNC"));

        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(billingCount(prefix)).isEqualTo(11);
        assertThat(billing.queryForObject("SELECT status FROM billing_order WHERE order_ref = ?", String.class, prefix + "-000011"))
                .isEqualTo("PAID");
        assertThat(run.path("counts").path("written").asLong()).as("the rows read again in the overlap are unchanged").isEqualTo(1);
    }

    @Test
    void aCrashAfterTheTargetWriteBeforeTheCommitIsRepairedByTheNextRunWithoutDuplicates() throws Exception {
        String prefix = prefix();
        insert(prefix, 1, 1500, now());
        String poison = prefix + "-001200";
        JsonNode failed;
        refuseLedger(poison);
        try {
            failed = finished(start("SYNC"));
        } finally {
            allowLedger();
        }
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("message").asText()).contains("injected crash");
        // The page holding the poisoned row reached billing, but not the ledger, and the cursor did not pass it.
        assertThat(billing.queryForObject("SELECT count(*) FROM billing_order WHERE order_ref = ?", Integer.class, poison)).isEqualTo(1);
        assertThat(ledgerCount(prefix)).isLessThan(1500);
        assertThat(lockstep.queryForObject("SELECT count(*) FROM sync_record WHERE pair = ? AND source_id = ?", Integer.class, PAIR, poison))
                .isZero();
        assertThat(lockstep.queryForObject("SELECT last_id FROM poll_cursor WHERE pair = ?", String.class, PAIR))
                .isNotEqualTo(prefix + "-001500");

        JsonNode again = finished(start("SYNC"));

        assertThat(again.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(billingCount(prefix)).isEqualTo(1500);
        assertThat(ledgerCount(prefix)).isEqualTo(1500);
        assertThat(lockstep.queryForObject("SELECT last_id FROM poll_cursor WHERE pair = ?", String.class, PAIR)).isEqualTo(prefix + "-001500");
    }

    @Test
    void oneRowTheTargetRefusesIsDeadLetteredAndTheRestOfItsPageIsWritten() throws Exception {
        String prefix = prefix();
        insert(prefix, 1, 10, now());
        String bad = prefix + "-000004";
        storefront.update("UPDATE storefront_order SET total = -5 WHERE order_id = ?", bad);

        JsonNode run = finished(start("SYNC"));

        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("counts").path("failed").asLong()).isEqualTo(1);
        assertThat(billingCount(prefix)).isEqualTo(9);
        assertThat(billing.queryForObject("SELECT count(*) FROM billing_order WHERE order_ref = ?", Integer.class, bad)).isZero();
        Map<String, Object> dead = lockstep.queryForMap(
                "SELECT step, status, exception_message, payload->>'sourceId' AS source FROM dead_letter WHERE pair = ? AND source_id = ?", PAIR, bad);
        assertThat(dead).containsEntry("step", "deliver").containsEntry("status", "OPEN").containsEntry("source", bad);
        assertThat(dead.get("exception_message").toString()).contains("billing_order_amount");
        assertThat(ledgerCount(prefix)).isEqualTo(9);
    }

    @Test
    void aDeadLetteredRowIsAppliedOnceWhenReplayedAfterItsCauseIsFixed() throws Exception {
        String prefix = prefix();
        insert(prefix, 1, 3, now());
        String bad = prefix + "-000002";
        storefront.update("UPDATE storefront_order SET total = -7 WHERE order_id = ?", bad);
        finished(start("SYNC"));
        long id = lockstep.queryForObject("SELECT id FROM dead_letter WHERE pair = ? AND source_id = ? AND status = 'OPEN'",
                Long.class, PAIR, bad);

        // The cause fixed: billing now takes negative amounts (credit notes). Other tests need the rule back after.
        billing.execute("ALTER TABLE billing_order DROP CONSTRAINT billing_order_amount");
        try {
            assertThat(http.postEmpty("/api/dead-letters/" + id + "/replay").statusCode()).isEqualTo(202);
            await().atMost(WAIT).untilAsserted(() -> assertThat(billing.queryForList(
                    "SELECT amount FROM billing_order WHERE order_ref = ?", java.math.BigDecimal.class, bad))
                    .containsExactly(new java.math.BigDecimal("-7.00")));
            assertThat(http.postEmpty("/api/dead-letters/" + id + "/replay").statusCode()).as("a replay happens once").isEqualTo(409);
            await().atMost(WAIT).untilAsserted(() -> assertThat(lockstep.queryForObject(
                    "SELECT status FROM inbox_event WHERE pair = ? AND source_id = ? ORDER BY id DESC LIMIT 1", String.class, PAIR, bad))
                    .isEqualTo("APPLIED"));
            assertThat(ledgerCount(prefix)).isEqualTo(3);

            // The next scheduled sync sees the row as written: nothing more is sent.
            JsonNode next = finished(start("SYNC"));
            assertThat(next.path("counts").path("failed").asLong()).isZero();
            assertThat(billing.queryForObject("SELECT count(*) FROM billing_order WHERE order_ref = ?", Integer.class, bad)).isEqualTo(1);
        } finally {
            billing.execute("ALTER TABLE billing_order ADD CONSTRAINT billing_order_amount CHECK (amount >= 0) NOT VALID");
        }
    }

    @Test
    void aBackfillShowsItsProgressWhileItRunsAndRefusesASecondRun() throws Exception {
        String prefix = prefix();
        insert(prefix, 1, 3000, now());
        long all = storefront.queryForObject("SELECT count(*) FROM storefront_order", Long.class);
        // Another transaction holds a row of the backfill's last pages: the backfill waits there, mid-run.
        try (Connection blocker = billingDataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("INSERT INTO billing_order (order_ref, status, amount, currency) VALUES ('" + prefix + "-002500', 'OPEN', 1, 'EUR')");
            }
            long id = start("BACKFILL");
            JsonNode running = await().atMost(WAIT).until(() -> run(id),
                    r -> r.path("progress").path("done").asLong() >= 1000 && "RUNNING".equals(r.path("status").asText()));
            JsonNode progress = running.path("progress");
            assertThat(progress.path("total").asLong()).isEqualTo(all);
            assertThat(progress.path("done").asLong()).isLessThan(all);
            assertThat(progress.path("percent").asDouble()).isBetween(0.1, 99.9);
            assertThat(progress.path("rowsPerSecond").asDouble()).isPositive();
            assertThat(progress.has("etaSeconds")).isTrue();
            assertThat(running.path("kind").asText()).isEqualTo("BACKFILL");
            assertThat(http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"SYNC\"}").statusCode()).isEqualTo(409);
            blocker.rollback();

            JsonNode done = finished(id);
            assertThat(done.path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(done.path("counts").path("read").asLong()).isEqualTo(all);
            assertThat(done.path("progress").path("percent").asDouble()).isEqualTo(100.0);
        }
        assertThat(billingCount(prefix)).isEqualTo(3000);
    }

    @Test
    void aBackfillLeftRunningByACrashedReplicaIsResumedFromItsLastCommittedPage() throws Exception {
        String prefix = prefix();
        insert(prefix, 1, 2500, now());
        long all = storefront.queryForObject("SELECT count(*) FROM storefront_order", Long.class);
        refuseLedger(prefix + "-002200");
        long id;
        try {
            // The whole table is backfilled (earlier tests' rows, unchanged, then these): it stops at the refused row's page.
            id = start("BACKFILL");
            finished(id);
        } finally {
            allowLedger();
        }
        JsonNode stopped = run(id);
        long doneBefore = stopped.path("counts").path("read").asLong();
        assertThat(doneBefore).isPositive().isLessThan(all);
        assertThat(stopped.path("resumeCursor").asText()).isNotBlank();
        // What a replica killed at that point leaves behind: the run RUNNING, its heartbeat old.
        lockstep.update("UPDATE sync_run SET status = 'RUNNING', ended_at = NULL, message = NULL, "
                + "heartbeat_at = now() - interval '1 hour' WHERE id = ?", id);

        assertThat(watchdog.takeOver(PAIR)).isEqualTo(1);

        JsonNode resumed = finished(id);
        assertThat(resumed.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(resumed.path("counts").path("read").asLong()).as("no page read twice, none skipped").isEqualTo(all);
        assertThat(billingCount(prefix)).isEqualTo(2500);
        assertThat(ledgerCount(prefix)).isEqualTo(2500);
        assertThat(watchdog.takeOver(PAIR)).isZero();
    }

    // --- helpers

    private static String prefix() {
        return "SO" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Now, at microseconds (PostgreSQL's precision), so a timestamp read back compares equal. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** Rows {@code prefix-<from>} to {@code prefix-<to>}: paid, totals n + 0.50, e-mails with spaces and capitals. */
    private void insert(String prefix, int from, int to, Instant modifiedAt) {
        storefront.update("INSERT INTO storefront_order (order_id, customer_email, status, total, currency, placed_at, modified_at) "
                + "SELECT ? || '-' || lpad(g::text, 6, '0'), ' C' || g || '@Example.com', 'paid', g + 0.5, 'eur', ?, ? "
                + "FROM generate_series(?, ?) g", prefix, Timestamp.from(modifiedAt), Timestamp.from(modifiedAt), from, to);
    }

    /** Starts a run through the API; a scheduled run in progress (409) is waited out. */
    private long start(String kind) throws Exception {
        HttpResponse<String> response = await().atMost(WAIT).until(
                () -> http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"" + kind + "\"}"), r -> r.statusCode() != 409);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("id").asLong();
    }

    private JsonNode run(long id) throws Exception {
        return json.readTree(http.get("/api/runs/" + id).body());
    }

    private JsonNode finished(long id) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> run(id), r -> !"RUNNING".equals(r.path("status").asText()));
    }

    private int billingCount(String prefix) {
        return billing.queryForObject("SELECT count(*) FROM billing_order WHERE order_ref LIKE ?", Integer.class, prefix + "-%");
    }

    private int ledgerCount(String prefix) {
        return lockstep.queryForObject("SELECT count(*) FROM sync_record WHERE pair = ? AND source_id LIKE ?", Integer.class, PAIR, prefix + "-%");
    }

    /** Lockstep's ledger refuses this record: the commit of its page fails, as if the process died right there. */
    private void refuseLedger(String sourceId) {
        lockstep.execute("CREATE OR REPLACE FUNCTION test_refuse_ledger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.source_id = '" + sourceId + "' THEN RAISE EXCEPTION 'injected crash at %', NEW.source_id; END IF; "
                + "RETURN NEW; END $$");
        lockstep.execute("CREATE TRIGGER test_refuse_ledger BEFORE INSERT OR UPDATE ON sync_record FOR EACH ROW EXECUTE FUNCTION test_refuse_ledger()");
    }

    private void allowLedger() {
        lockstep.execute("DROP TRIGGER IF EXISTS test_refuse_ledger ON sync_record");
    }
}
