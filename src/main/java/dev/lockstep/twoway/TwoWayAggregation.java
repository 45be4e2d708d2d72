package dev.lockstep.twoway;

import javax.sql.DataSource;
import org.apache.camel.processor.aggregate.jdbc.PostgresAggregationRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The persistent aggregation repositories of the two-way pairs' coalescing: Camel's JDBC repository
 * (PostgreSQL variant) on Lockstep's own database, tables created by the migration. An open
 * aggregate survives a crash; a completed one stays in the {@code _completed} table until its
 * resolution succeeded, and is recovered (redelivered) every {@value #RECOVERY_INTERVAL_MS} ms otherwise.
 */
@Configuration(proxyBeanMethods = false)
public class TwoWayAggregation {

    static final long RECOVERY_INTERVAL_MS = 5_000;

    @Bean
    PostgresAggregationRepository storefrontAndWarehouseAggregates(@Qualifier("lockstepDataSource") DataSource lockstep,
                                                                   PlatformTransactionManager transactions) {
        return repository("agg_storefront_and_warehouse", lockstep, transactions);
    }

    static PostgresAggregationRepository repository(String table, DataSource dataSource, PlatformTransactionManager transactions) {
        PostgresAggregationRepository repository = new FixedPostgresAggregationRepository(transactions, table, dataSource);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(RECOVERY_INTERVAL_MS);
        // Only Lockstep's own change notices (and Java's and Camel's types) are read back.
        repository.setDeserializationFilter("java.**;org.apache.camel.**;dev.lockstep.resolve.ChangeNotice;!*");
        return repository;
    }
}
