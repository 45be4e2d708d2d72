package dev.lockstep.twoway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code lockstep.two-way.*}: how two-way pairs poll and coalesce. The route files read the poll
 * interval and the window as {@code {{lockstep.two-way.poll-interval-ms}}} and
 * {@code {{lockstep.two-way.window-ms}}} placeholders; the rest is read here.
 */
@ConfigurationProperties("lockstep.two-way")
public record TwoWayProperties(
        /** How often both systems of a pair are polled (the Quartz trigger's interval). */
        Long pollIntervalMs,
        /** A record is resolved once no change to it has arrived for this long (the coalescing window). */
        Long windowMs,
        /** Each poll re-reads the rows modified this long before its cursor, to catch rows committed late. */
        Duration overlap,
        /** Rows per page of a poll. */
        Integer pageSize,
        /** A run reads at most about this many new rows per system; the next run goes on from the cursor. */
        Integer maxRowsPerRun,
        /** A run whose deletes exceed this share of the pair's live records is held for approval (0.2 = 20%). */
        Double massDeleteShare,
        /** Records resolved together by a pair resolved per run (Salesforce): one read and one write call per batch; at most 200. */
        Integer batchSize) {

    public TwoWayProperties {
        pollIntervalMs = pollIntervalMs == null ? 10_000L : pollIntervalMs;
        windowMs = windowMs == null ? 2_000L : windowMs;
        overlap = overlap == null ? Duration.ofSeconds(30) : overlap;
        pageSize = pageSize == null ? 500 : pageSize;
        maxRowsPerRun = maxRowsPerRun == null ? 10_000 : maxRowsPerRun;
        massDeleteShare = massDeleteShare == null ? 0.2 : massDeleteShare;
        batchSize = batchSize == null ? 200 : Math.max(1, Math.min(batchSize, 200));
    }
}
