package dev.lockstep.tablesync;

import dev.lockstep.runs.SyncRuns;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The table pairs. Each names its source table and the databases of its two systems; its mapping
 * file says the rest. Per pair: {@code lockstep.pairs.<pair>.page-size} (rows per batch and commit,
 * 1,000) and {@code .overlap} (30s); {@code lockstep.runs.stale-after} (60s) is how long a RUNNING
 * run may go without a heartbeat before it counts as crashed.
 */
@Configuration(proxyBeanMethods = false)
public class TablePairsConfig {

    @Bean
    TablePairRunner storefrontOrdersToBilling(@Qualifier("storefront") DataSource storefront, @Qualifier("billing") DataSource billing,
                                             SyncRuns runs, ProducerTemplate producer, Environment env) {
        return runner("storefront-orders-to-billing", storefront, "storefront_order", billing, runs, producer, env);
    }

    static TablePairRunner runner(String pair, DataSource source, String table, DataSource target, SyncRuns runs,
                                  ProducerTemplate producer, Environment env) {
        Binder binder = Binder.get(env);
        String prefix = "lockstep.pairs." + pair + ".";
        int pageSize = binder.bind(prefix + "page-size", Integer.class).orElse(1000);
        if (pageSize < 1) {
            throw new IllegalArgumentException(prefix + "page-size must be at least 1, not " + pageSize);
        }
        Duration overlap = binder.bind(prefix + "overlap", Duration.class).orElse(Duration.ofSeconds(30));
        Duration staleAfter = binder.bind("lockstep.runs.stale-after", Duration.class).orElse(Duration.ofSeconds(60));
        return new TablePairRunner(new TablePair(pair, source, table, target, pageSize, overlap), runs, producer, staleAfter);
    }
}
