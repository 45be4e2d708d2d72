package dev.lockstep.db;

import java.sql.Connection;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.stereotype.Component;

/**
 * Creates the demo billing table when it is missing. Runs while the context is built, before
 * Camel starts its routes. Billing being down at start-up is not fatal: the pipeline's retries and
 * dead letters handle that, so this only warns.
 */
@Component
public class BillingDemoSchema {

    private static final Logger log = LoggerFactory.getLogger(BillingDemoSchema.class);

    // A busy machine can miss billing's short connection timeout once; the mapping check that follows
    // needs the table, so a few quick tries are worth more than a start-up failure.
    private static final int ATTEMPTS = 3;

    public BillingDemoSchema(@Qualifier("billing") DataSource billing) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = billing.getConnection()) {
                ScriptUtils.executeSqlScript(c, new ClassPathResource("billing/demo-schema.sql"));
                // The salesforce-and-billing pair's nullable columns and billing's own modified-at.
                ScriptUtils.executeSqlScript(c, new EncodedResource(new ClassPathResource("billing/two-way-columns.sql")), false, false,
                        "--", "@@", "/*", "*/");
                return;
            } catch (Exception e) {
                if (attempt == ATTEMPTS) {
                    log.warn("Could not prepare the billing table now ({}); events will retry and dead-letter until it is reachable",
                            e.getMessage());
                }
            }
        }
    }
}
