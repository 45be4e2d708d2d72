package dev.lockstep.health;

import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * {@code stateDatabase}: whether Lockstep's own database (inbox, ledger, dead letters) answers.
 *
 * <p>Why not Spring's {@code db} indicator: it also checks the synced systems' databases (billing),
 * and a target being down must not take Lockstep out of service — webhooks are still accepted and
 * the failed deliveries wait as dead letters. Without its own database Lockstep can accept nothing.
 */
@Component
public class StateDatabaseHealthIndicator extends AbstractHealthIndicator {

    private final DataSource dataSource;
    private final int validSeconds;

    public StateDatabaseHealthIndicator(@Qualifier("lockstepDataSource") DataSource dataSource,
                                        @Value("${lockstep.health.database-timeout:2s}") Duration timeout) {
        super("Lockstep's database is unreachable");
        this.dataSource = dataSource;
        this.validSeconds = (int) Math.max(1, timeout.toSeconds());
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (var connection = dataSource.getConnection()) {
            if (connection.isValid(validSeconds)) {
                builder.up();
            } else {
                builder.down().withDetail("error", "the connection did not answer within " + validSeconds + " s");
            }
        }
    }
}
