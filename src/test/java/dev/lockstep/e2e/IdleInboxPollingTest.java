package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.inbox.IdleInboxBackoff;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.sql.SqlEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Idle inboxes cost little: their polls back off (IdleInboxBackoff), counted as PostgreSQL's scans of the inbox. */
class IdleInboxPollingTest extends PipelineTestSupport {

    @Autowired
    CamelContext camel;

    @Test
    void everyInboxPollBacksOffWhenIdle() {
        List<SqlEndpoint> inboxPolls = camel.getEndpoints().stream()
                .filter(SqlEndpoint.class::isInstance).map(SqlEndpoint.class::cast)
                .filter(sql -> sql.getQuery().startsWith("SELECT id, CAST(payload AS text) AS payload FROM inbox_event"))
                .toList();

        assertThat(inboxPolls).as("crm-to-billing, crm-to-email, spreadsheet-to-billing, the storefront orders' replays").hasSize(4);
        assertThat(inboxPolls).allSatisfy(sql -> assertThat(sql.getPollStrategy()).isInstanceOf(IdleInboxBackoff.class));
    }

    @Test
    void anIdleInboxIsReadAboutTwentyTimesASecondNotAHundred() throws Exception {
        // Whatever earlier tests in this shared context left pending is applied first.
        await().atMost(Duration.ofSeconds(60)).until(() -> lockstep.queryForObject(
                "SELECT count(*) FROM inbox_event WHERE status = 'PENDING'", Integer.class) == 0);
        Thread.sleep(1500); // past the 50 empty polls (half a second) after which a poll backs off

        long before = inboxScans();
        long start = System.nanoTime();
        Thread.sleep(4000);
        long after = inboxScans();
        double perSecond = (after - before) / ((System.nanoTime() - start) / 1e9);

        // Four inbox polls every 10 ms: at full rate about 400 scans a second (Camel's own back-off
        // options left about 340), backed off about 80; nothing else reads the inbox while idle. Each
        // poll is one scan of inbox_event. Statistics reach PostgreSQL's views about once a second per
        // connection, hence the margin.
        assertThat(perSecond).as("scans of the idle inbox per second").isLessThan(150);
    }

    private long inboxScans() {
        return lockstep.queryForObject("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'inbox_event'", Long.class);
    }
}
