package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two Lockstep instances on one PostgreSQL, in one Quartz cluster, with a schedule of every two
 * seconds for storefront-orders-to-billing: each scheduled time is run once, by one of them — counted
 * in the run records both write to. (Their own state database, so the shared test context's runs do
 * not count.)
 */
class ClusteredScheduleTest {

    static final String PAIR = "storefront-orders-to-billing";

    @Test
    void twoInstancesRunEachScheduledTimeOnce() throws Exception {
        TestDatabases pg = TestDatabases.get();
        String state = pg.createDatabase("lockstep_cluster");
        String billing = pg.createDatabase("billing_cluster");
        String storefront = pg.createDatabase("storefront_cluster");
        String[] cluster = {
            "spring.quartz.scheduler-name=lockstep-cluster-" + java.util.UUID.randomUUID().toString().substring(0, 8),
            "lockstep.systems.storefront.jdbc-url=" + storefront,
            "lockstep.pairs." + PAIR + ".schedule=0/2 * * * * ?",
        };
        JdbcTemplate runs = new JdbcTemplate(DataSourceBuilder.create().url(state).username(pg.user()).password(pg.password()).build());
        Instant from;
        Instant to;
        try (ConfigurableApplicationContext a = LockstepProcess.start(state, billing, cluster);
             ConfigurableApplicationContext b = LockstepProcess.start(state, billing, cluster)) {
            from = Instant.now().plusSeconds(1);
            Thread.sleep(Duration.ofSeconds(11).toMillis());
            to = Instant.now();
        }
        List<Map<String, Object>> fired = runs.queryForList("SELECT id, started_at, status FROM sync_run "
                + "WHERE pair = ? AND run_trigger = 'SCHEDULE' AND started_at BETWEEN ? AND ? ORDER BY started_at",
                PAIR, java.sql.Timestamp.from(from), java.sql.Timestamp.from(to));
        // Fires at every even second of the window: 5 (±1 for where the window's ends fall).
        assertThat(fired).hasSizeBetween(4, 6);
        // One run per scheduled time: runs are two seconds apart, never two for the same second.
        Integer sameTime = runs.queryForObject("SELECT count(*) FROM (SELECT floor(extract(epoch FROM started_at) / 2) AS slot "
                + "FROM sync_run WHERE pair = ? AND run_trigger = 'SCHEDULE' GROUP BY slot HAVING count(*) > 1) twice", Integer.class, PAIR);
        assertThat(sameTime).isZero();
        assertThat(fired).allSatisfy(run -> assertThat(run.get("status")).isEqualTo("SUCCEEDED"));
    }
}
