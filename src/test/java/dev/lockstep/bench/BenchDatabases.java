package dev.lockstep.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.support.TestDatabases;
import java.lang.management.ManagementFactory;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The benchmarks' database plumbing: pools, the batched-insert URL flag, and the machine line they print. */
final class BenchDatabases {

    private BenchDatabases() {
    }

    /** A connection pool, as Lockstep has: a baseline must not pay a connection per statement. */
    static DataSource pool(String url, TestDatabases pg, int size) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(pg.user());
        ds.setPassword(pg.password());
        ds.setMaximumPoolSize(size);
        return ds;
    }

    /** The URL with the driver sending batched inserts as multi-row statements, as Lockstep's PostgreSQL targets do. */
    static String rewritingBatchedInserts(String url) {
        return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    /** Cores, memory, Java and PostgreSQL versions, then {@code setting} (how the processes share the machine). */
    static String machine(DataSource db, String setting) {
        String pgVersion = new JdbcTemplate(db).queryForObject("SHOW server_version", String.class);
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() >> 30)
                + " GiB, Java " + System.getProperty("java.version") + ", PostgreSQL " + pgVersion + " " + setting;
    }
}
