package dev.lockstep.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.support.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A PostgreSQL target's pool sends a batch of upserts as a few multi-row statements, not one
 * execution per row: counted by a statement-level trigger on the target table. A URL that says
 * otherwise wins, and a MariaDB target's pool is left as its URL says.
 */
class RewriteBatchedInsertsTest {

    private static final String UPSERT = "INSERT INTO target_like (ref, name, synced_at) VALUES (?, ?, now())"
            + " ON CONFLICT (ref) DO UPDATE SET name = EXCLUDED.name, synced_at = EXCLUDED.synced_at";
    private static TestDatabases pg;
    private static String url;
    private static final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeAll
    static void database() {
        pg = TestDatabases.get();
        url = pg.createDatabase("rewrite");
        JdbcTemplate setUp = new JdbcTemplate(pool(url));
        setUp.execute("CREATE TABLE target_like (ref TEXT PRIMARY KEY, name TEXT, synced_at TIMESTAMPTZ)");
        setUp.execute("CREATE TABLE statements (n INT)");
        setUp.execute("CREATE FUNCTION count_statement() RETURNS trigger LANGUAGE plpgsql AS"
                + " $$ BEGIN INSERT INTO statements VALUES (1); RETURN NULL; END $$");
        setUp.execute("CREATE TRIGGER counted AFTER INSERT ON target_like FOR EACH STATEMENT EXECUTE FUNCTION count_statement()");
    }

    @AfterAll
    static void close() {
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void aBatchOfUpsertsReachesPostgresqlAsAFewStatements() {
        assertThat(statementsFor(pool(url), "a")).as("100 upserts: 64 + 32 + 4 rows").isEqualTo(3);
        assertThat(new JdbcTemplate(pool(url)).queryForObject("SELECT count(*) FROM target_like WHERE name = 'a'", Integer.class))
                .isEqualTo(100);
        // Again over the same keys: the upserts update every row.
        assertThat(statementsFor(pool(url), "b")).isEqualTo(3);
        assertThat(new JdbcTemplate(pool(url)).queryForObject("SELECT count(*) FROM target_like WHERE name = 'b'", Integer.class))
                .isEqualTo(100);
    }

    @Test
    void aUrlThatTurnsItOffWins() {
        assertThat(statementsFor(pool(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=false"), "c")).isEqualTo(100);
    }

    @Test
    void onlyPostgresqlPoolsAreChanged() {
        HikariDataSource mariadb = new HikariDataSource();
        mariadb.setJdbcUrl("jdbc:mariadb://127.0.0.1:3306/warehouse");
        DataSourcesConfig.rewriteBatchedInserts(mariadb);
        assertThat(mariadb.getDataSourceProperties()).isEmpty();
    }

    /** Statements the trigger counted for one batch of 100 upserts through this pool. */
    private static int statementsFor(HikariDataSource pool, String name) {
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        jdbc.update("DELETE FROM statements");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new Object[] {"R" + i, name});
        }
        jdbc.batchUpdate(UPSERT, rows);
        return jdbc.queryForObject("SELECT count(*) FROM statements", Integer.class);
    }

    private static HikariDataSource pool(String jdbcUrl) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(jdbcUrl);
        ds.setUsername(pg.user());
        ds.setPassword(pg.password());
        ds.setMaximumPoolSize(1);
        DataSourcesConfig.rewriteBatchedInserts(ds);
        pools.add(ds);
        return ds;
    }
}
