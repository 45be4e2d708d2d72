package dev.lockstep.deliver.http;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Targets paused by a rate limit, until a not-before time. Stored in {@code http_target_pause}
 * (what each HTTP pair's inbox poll reads, so a paused pair polls nothing at all) and remembered
 * here (what {@link RateLimitGate} reads for the events of a batch already polled).
 */
@Component
public class TargetPauses {

    private static final String PAUSE = """
            INSERT INTO http_target_pause (target, not_before, status, reason, paused_at) VALUES (?, ?, ?, ?, now())
            ON CONFLICT (target) DO UPDATE SET not_before = GREATEST(http_target_pause.not_before, EXCLUDED.not_before),
                status = EXCLUDED.status, reason = EXCLUDED.reason, paused_at = EXCLUDED.paused_at""";

    private final JdbcTemplate jdbc;
    private final Map<String, Instant> until = new ConcurrentHashMap<>();

    public TargetPauses(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void pause(String target, Instant notBefore, int status, String reason) {
        jdbc.update(PAUSE, target, Timestamp.from(notBefore), status, reason);
        until.merge(target, notBefore, (a, b) -> a.isAfter(b) ? a : b);
    }

    public boolean paused(String target, Instant now) {
        Instant notBefore = until.get(target);
        return notBefore != null && notBefore.isAfter(now);
    }
}
