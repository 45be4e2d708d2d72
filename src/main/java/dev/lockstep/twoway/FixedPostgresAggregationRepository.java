package dev.lockstep.twoway;

import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.processor.aggregate.jdbc.PostgresAggregationRepository;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Camel's PostgreSQL aggregation repository with its insert repaired: in camel-sql 4.17 the
 * PostgreSQL variant leaves the {@code version} column out of its {@code INSERT ... ON CONFLICT DO
 * NOTHING} but still binds a version, so every first change of a record fails with "column index
 * is out of range". This writes the three columns the generic repository writes, keeping the
 * PostgreSQL variant's point: a duplicate key does not abort the transaction, it is reported as
 * the optimistic-locking failure the aggregator retries. Body and headers are never stored as text here.
 */
public class FixedPostgresAggregationRepository extends PostgresAggregationRepository {

    public FixedPostgresAggregationRepository(PlatformTransactionManager transactions, String table, DataSource dataSource) {
        super(transactions, table, dataSource);
    }

    @Override
    protected void insert(CamelContext camelContext, String correlationId, Exchange exchange, String repositoryName, Long version)
            throws Exception {
        String sql = "INSERT INTO " + repositoryName + " (exchange, id, version) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
        int inserted = insertHelper(camelContext, correlationId, exchange, sql, 1L);
        if (inserted == 0 && getRepositoryName().equals(repositoryName)) {
            throw new DataIntegrityViolationException("No row was inserted due to data violation");
        }
    }
}
