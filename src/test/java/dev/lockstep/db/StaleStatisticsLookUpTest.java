package dev.lockstep.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingLoader;
import dev.lockstep.matching.MatchKeyLinker;
import java.nio.file.Path;
import dev.lockstep.support.TestDatabases;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batch look-ups stay index probes when the table's statistics are stale: here the ledger and
 * billing's customers were analysed while (nearly) empty and then grew to 100,000 rows with autovacuum
 * off for them, as on a new deployment before autovacuum catches up, or on a server that has it off.
 * Looking up 1,000 records that are not there then reads none of the table's pages; planned by those
 * statistics, the ledger's {@code source_id = ANY (?)} read every page of the pair (1,518 here) and
 * the match keys' {@code email IN (...)} read 1,225 pages of the customers. The linked-sources
 * look-up also needs the ledger's index on target ids (V8): without it, each of its probes read the
 * whole pair.
 */
class StaleStatisticsLookUpTest {

    private static final String PAIR = "grown-pair";
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void grownTablesWithStatisticsFromWhenTheyWereEmpty() {
        TestDatabases pg = TestDatabases.get();
        jdbc = new JdbcTemplate(new SingleConnectionDataSource(pg.createDatabase("stale_stats"), pg.user(), pg.password(), true));
        Flyway.configure().dataSource(jdbc.getDataSource()).load().migrate();
        new BillingDemoSchema(jdbc.getDataSource());
        for (String table : List.of("sync_record", "billing_customer")) {
            jdbc.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
            jdbc.execute("ANALYZE " + table);
        }
        jdbc.update("""
                INSERT INTO sync_record (pair, source_id, target_id, source_version, content_hash, last_event_id)
                SELECT ?, 'S' || g, 'T' || g, now(), md5(g::text), 'e' || g FROM generate_series(1, 100000) g""", PAIR);
        jdbc.update("""
                INSERT INTO billing_customer (customer_ref, email, full_name, synced_at)
                SELECT 'C' || g, 'c' || g || '@example.com', 'Customer ' || g, now() FROM generate_series(1, 100000) g""");
    }

    @Test
    void theLedgerLookUpOfAThousandNewRecordsReadsNoLedgerPage() {
        SyncLedger ledger = new SyncLedger(jdbc, null);
        List<String> absent = IntStream.range(0, 1000).mapToObj(i -> "new-" + i).toList();

        assertThat(pagesRead("sync_record", () -> assertThat(ledger.findAll(PAIR, absent)).isEmpty())).isZero();

        // And it finds what is there.
        assertThat(ledger.findAll(PAIR, List.of("S7", "new-1", "S99999")).keySet()).containsExactlyInAnyOrder("S7", "S99999");
    }

    @Test
    void theLinkedSourcesLookUpOfAThousandTargetRecordsReadsNoLedgerPage() {
        SyncLedger ledger = new SyncLedger(jdbc, null);
        List<String> unlinked = IntStream.range(0, 1000).mapToObj(i -> "new-" + i).toList();

        assertThat(pagesRead("sync_record", () -> assertThat(ledger.sourcesLinkedTo(PAIR, unlinked)).isEmpty())).isZero();

        assertThat(ledger.sourcesLinkedTo(PAIR, List.of("T7", "new-1"))).containsExactly(Map.entry("T7", "S7"));
        assertThat(ledger.sourceLinkedTo(PAIR, "T99")).contains("S99");
    }

    @Test
    void theMatchKeyLookUpOfAThousandNewEmailsReadsNoCustomerPage() {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean("billing", DataSource.class, () -> jdbc.getDataSource());
        context.refresh();
        MatchKeyLinker linker = new MatchKeyLinker(null, null, context);
        Mapping mapping = MappingLoader.load(Path.of("mappings", "crm-to-billing.yaml"));
        List<List<String>> absent = IntStream.range(0, 1000).mapToObj(i -> List.of("new-" + i + "@example.com")).toList();

        assertThat(pagesRead("billing_customer", () -> assertThat(linker.findTargetRecords(mapping, absent)).isEmpty())).isZero();

        // And it finds what is there, by the target's key.
        assertThat(linker.findTargetRecords(mapping, List.of(List.of("c7@example.com"), List.of("new-1@example.com"))))
                .containsExactly(Map.entry(List.of("c7@example.com"), "C7"));
    }

    /** The pages of {@code table} itself (not its indexes) that {@code lookUp} read, from cache or disk. */
    private static long pagesRead(String table, Runnable lookUp) {
        // The backend's own count of the table's page reads, not yet reported to the statistics: read
        // before and after in one transaction, so nothing is reported in between.
        return new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).execute(tx -> {
            String count = "SELECT pg_stat_get_xact_blocks_fetched(?::regclass)";
            long before = jdbc.queryForObject(count, Long.class, table);
            lookUp.run();
            return jdbc.queryForObject(count, Long.class, table) - before;
        });
    }
}
