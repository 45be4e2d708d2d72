package dev.lockstep.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.lockstep.config.LockstepProperties;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.util.StringUtils;

/**
 * Two databases, never mixed: Lockstep's own state (ledger, inbox, dead letters, quarantine —
 * migrated by Flyway) and the billing system's database, which Lockstep only writes records into.
 * Either one falls back to the embedded PostgreSQL when it is not configured.
 */
@Configuration(proxyBeanMethods = false)
public class DataSourcesConfig {

    private static final Logger log = LoggerFactory.getLogger(DataSourcesConfig.class);

    @Bean(destroyMethod = "close")
    @Lazy
    EmbeddedPostgresServer embeddedPostgresServer(LockstepProperties props) {
        Path dataDir = Path.of(props.dataDir() == null ? "data" : props.dataDir(), "postgres").toAbsolutePath();
        return new EmbeddedPostgresServer(dataDir, props.embedded().port(), props.embedded().ephemeral());
    }

    /**
     * Lockstep's own state. {@code spring.datasource.*} when set, else the embedded PostgreSQL.
     * Pool settings bind from {@code spring.datasource.hikari.*}, as with Spring Boot's own pool.
     */
    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource lockstepDataSource(DataSourceProperties spring, ObjectProvider<EmbeddedPostgresServer> embedded) {
        HikariDataSource ds;
        if (StringUtils.hasText(spring.getUrl())) {
            ds = spring.initializeDataSourceBuilder().type(HikariDataSource.class).build();
            log.info("Lockstep state database: {}", ds.getJdbcUrl());
        } else {
            EmbeddedPostgresServer pg = embedded.getObject();
            ds = new HikariDataSource();
            ds.setJdbcUrl(pg.jdbcUrl("lockstep"));
            ds.setUsername(pg.username());
            log.info("Lockstep state database: embedded PostgreSQL, {}", ds.getJdbcUrl());
        }
        ds.setPoolName("lockstep");
        return ds;
    }

    /**
     * The billing system. The bean is named {@code billing} so routes reach it as {@code jdbc:billing}.
     * A short connection timeout makes an unreachable billing database fail fast into the retry policy.
     */
    @Bean(name = "billing", destroyMethod = "close")
    HikariDataSource billing(LockstepProperties props, ObjectProvider<EmbeddedPostgresServer> embedded) {
        LockstepProperties.JdbcSystem billing = props.systems().billing();
        HikariDataSource ds = new HikariDataSource();
        if (billing.configured()) {
            ds.setJdbcUrl(billing.jdbcUrl());
            ds.setUsername(billing.username());
            ds.setPassword(billing.password());
            log.info("Billing database: {}", billing.jdbcUrl());
        } else {
            EmbeddedPostgresServer pg = embedded.getObject();
            ds.setJdbcUrl(pg.jdbcUrl("billing"));
            ds.setUsername(pg.username());
            log.info("Billing database: embedded PostgreSQL (demo), {}", ds.getJdbcUrl());
        }
        ds.setPoolName("billing");
        rewriteBatchedInserts(ds);
        ds.setMaximumPoolSize(billing.poolSize());
        ds.setConnectionTimeout(billing.connectionTimeout().toMillis());
        // Start even while billing is down: the pipeline retries and dead-letters instead.
        ds.setInitializationFailTimeout(-1);
        return ds;
    }

    /**
     * The storefront system of the two-way pair storefront-and-warehouse ({@code jdbc:storefront}).
     * Unset: a demo database in the embedded PostgreSQL.
     */
    @Bean(name = "storefront", destroyMethod = "close")
    HikariDataSource storefront(LockstepProperties props, ObjectProvider<EmbeddedPostgresServer> embedded) {
        return jdbcSystem("storefront", props.systems().storefront(), embedded);
    }

    /** The warehouse system ({@code jdbc:warehouse}); PostgreSQL or MariaDB. Unset: a demo database in the embedded PostgreSQL. */
    @Bean(name = "warehouse", destroyMethod = "close")
    HikariDataSource warehouse(LockstepProperties props, ObjectProvider<EmbeddedPostgresServer> embedded) {
        return jdbcSystem("warehouse", props.systems().warehouse(), embedded);
    }

    /** A synced system's pool, configured like billing's: starts while the system is down, fails fast. */
    private static HikariDataSource jdbcSystem(String name, LockstepProperties.JdbcSystem system,
                                               ObjectProvider<EmbeddedPostgresServer> embedded) {
        HikariDataSource ds = new HikariDataSource();
        if (system.configured()) {
            ds.setJdbcUrl(system.jdbcUrl());
            ds.setUsername(system.username());
            ds.setPassword(system.password());
            log.info("{} database: {}", name, system.jdbcUrl());
        } else {
            EmbeddedPostgresServer pg = embedded.getObject();
            ds.setJdbcUrl(pg.jdbcUrl(name));
            ds.setUsername(pg.username());
            log.info("{} database: embedded PostgreSQL (demo), {}", name, ds.getJdbcUrl());
        }
        ds.setPoolName(name);
        rewriteBatchedInserts(ds);
        ds.setMaximumPoolSize(system.poolSize());
        // A polled system is read in short bursts: keep one connection open, not the whole pool.
        ds.setMinimumIdle(1);
        ds.setIdleTimeout(java.time.Duration.ofSeconds(30).toMillis());
        ds.setConnectionTimeout(system.connectionTimeout().toMillis());
        ds.setInitializationFailTimeout(-1);
        return ds;
    }

    /**
     * A PostgreSQL target's driver sends a batch of inserts (upserts included) as multi-row
     * statements: a batch of 1,000 upserts becomes a handful of statements, not 1,000 executions.
     * A multi-row upsert may not touch one row twice: the batch planners send records that share a
     * target key one by one, and should a batch hold one anyway it fails whole and its rows go one by
     * one, as after any failed batch. A URL that sets {@code reWriteBatchedInserts} itself wins.
     */
    static void rewriteBatchedInserts(HikariDataSource ds) {
        String url = ds.getJdbcUrl();
        if (url != null && url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            ds.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
    }
}
