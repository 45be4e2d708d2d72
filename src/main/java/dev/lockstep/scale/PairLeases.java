package dev.lockstep.scale;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code pair_lease} table: take or renew a lease, give it back, list who holds what. */
@Component
public class PairLeases {

    /*
     * One statement takes a free or expired lease, or renews our own; a lease another replica holds
     * and has not let expire is left alone (the WHERE fails, nothing is returned). The database's
     * clock decides expiry, so the replicas' clocks do not matter.
     */
    private static final String TAKE_OR_RENEW = """
            INSERT INTO pair_lease (name, holder, expires_at) VALUES (?, ?, now() + ? * interval '1 millisecond')
            ON CONFLICT (name) DO UPDATE SET
                holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at, renewed_at = now(),
                acquired_at = CASE WHEN pair_lease.holder = EXCLUDED.holder THEN pair_lease.acquired_at ELSE now() END
            WHERE pair_lease.holder = EXCLUDED.holder OR pair_lease.expires_at < now()
            RETURNING holder""";
    private static final String RELEASE = "DELETE FROM pair_lease WHERE name = ? AND holder = ?";
    private static final String HOLDER = "SELECT holder FROM pair_lease WHERE name = ? AND expires_at >= now()";

    private final JdbcTemplate jdbc;

    public PairLeases(@Qualifier("lockstepDataSource") DataSource lockstep) {
        this.jdbc = new JdbcTemplate(lockstep);
    }

    /** Takes the lease {@code name} for {@code holder}, or renews it; true when {@code holder} has it now. */
    public boolean takeOrRenew(String name, String holder, Duration duration, Duration timeout) {
        JdbcTemplate bounded = new JdbcTemplate(jdbc.getDataSource());
        // A renewal that hangs must not outlive the lease it renews.
        bounded.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        return !bounded.queryForList(TAKE_OR_RENEW, String.class, name, holder, duration.toMillis()).isEmpty();
    }

    /** Gives the lease back at once (a clean stop), so another replica need not wait for it to expire. */
    public void release(String name, String holder) {
        jdbc.update(RELEASE, name, holder);
    }

    /** Who holds {@code name} now, if anyone. */
    public java.util.Optional<String> holder(String name) {
        return jdbc.queryForList(HOLDER, String.class, name).stream().findFirst();
    }

    /** Every lease with its holder and times, for the operator API. */
    public List<Map<String, Object>> all() {
        return jdbc.queryForList("SELECT name, holder, acquired_at, renewed_at, expires_at, expires_at >= now() AS live "
                + "FROM pair_lease ORDER BY name");
    }
}
