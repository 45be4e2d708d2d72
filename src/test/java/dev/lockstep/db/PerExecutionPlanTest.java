package dev.lockstep.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.support.TestDatabases;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SingleColumnRowMapper;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A batch look-up run through {@link PerExecutionPlan} is never a server-side prepared statement,
 * so PostgreSQL cannot keep a generic plan made while the table was empty: the same look-up run
 * the ordinary way on the same connection is one after the driver's fifth run.
 */
class PerExecutionPlanTest {

    private static final String LOOKUP = "SELECT source_id FROM ledger_like WHERE pair = ? AND source_id = ANY (?) ORDER BY source_id";
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() {
        TestDatabases pg = TestDatabases.get();
        SingleConnectionDataSource one = new SingleConnectionDataSource(pg.createDatabase("plans"), pg.user(), pg.password(), true);
        jdbc = new JdbcTemplate(one);
        jdbc.execute("CREATE TABLE ledger_like (pair TEXT, source_id TEXT, PRIMARY KEY (pair, source_id))");
        jdbc.execute("INSERT INTO ledger_like VALUES ('p', 'a'), ('p', 'b'), ('q', 'a')");
    }

    @Test
    void aLookUpRunManyTimesIsPlannedWithEachRunsValues() {
        for (int i = 0; i < 10; i++) {
            List<String> found = jdbc.query(PerExecutionPlan.of(LOOKUP, "p", new String[] {"a", "b", "c"}),
                    new SingleColumnRowMapper<>(String.class));
            assertThat(found).containsExactly("a", "b");
        }
        assertThat(preparedOnServer()).isZero();

        for (int i = 0; i < 10; i++) {
            jdbc.queryForList(LOOKUP, String.class, "p", new String[] {"a", "b", "c"});
        }
        assertThat(preparedOnServer()).as("the ordinary way, the driver prepares it after five runs").isOne();
    }

    private static int preparedOnServer() {
        return jdbc.queryForObject("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM ledger_like%'", Integer.class);
    }
}
