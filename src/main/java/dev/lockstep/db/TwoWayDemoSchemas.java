package dev.lockstep.db;

import java.sql.Connection;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.EncodedResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.stereotype.Component;

/**
 * Creates the demo tables of the storefront-and-warehouse pair when they are missing, in the
 * dialect of each database (the warehouse may be PostgreSQL or MariaDB), with a few seed rows.
 * Like {@link BillingDemoSchema}, a system that is down at start-up only gives a warning.
 */
@Component
public class TwoWayDemoSchemas {

    private static final Logger log = LoggerFactory.getLogger(TwoWayDemoSchemas.class);

    public TwoWayDemoSchemas(@Qualifier("storefront") DataSource storefront, @Qualifier("warehouse") DataSource warehouse) {
        prepare("storefront", storefront);
        prepare("warehouse", warehouse);
    }

    private static void prepare(String system, DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String dialect = dialect(c.getMetaData().getDatabaseProductName());
            ClassPathResource script = new ClassPathResource("two-way/" + system + "-" + dialect + ".sql");
            if (!script.exists()) {
                log.warn("No demo schema for {} on {}: create its table yourself", system, dialect);
                return;
            }
            ScriptUtils.executeSqlScript(c, new EncodedResource(script), false, false, "--", "@@", "/*", "*/");
            log.info("{} demo table ready ({})", system, dialect);
        } catch (Exception e) {
            log.warn("Could not prepare the {} demo table now ({}); the pair retries until it is reachable", system, e.getMessage());
        }
    }

    /** {@code postgresql} or {@code mariadb} (MySQL too), from the JDBC product name. */
    public static String dialect(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        return name.contains("mariadb") || name.contains("mysql") ? "mariadb" : "postgresql";
    }
}
