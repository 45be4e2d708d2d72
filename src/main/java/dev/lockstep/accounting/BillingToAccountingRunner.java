package dev.lockstep.accounting;

import dev.lockstep.pipeline.PipelineProperties;
import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs billing-to-accounting: a sync (the nightly schedule, or {@code POST /api/pairs/billing-to-accounting/runs})
 * or a reconciliation sweep ({@code {"kind": "RECONCILE"}}, or its own schedule). Each run is a
 * {@code sync_run} row whose counts grow while it runs, finished SUCCEEDED or FAILED with the
 * cause; its message says how many bulk requests it sent and, for a reconciliation, what it found.
 * One run at a time: a second one asked for while one runs (on this replica, or on another one that
 * is still beating) is refused; one whose replica stopped beating is marked INTERRUPTED. While the
 * pair is paused ({@code POST /api/pairs/billing-to-accounting/pause}) scheduled runs are skipped;
 * a run asked for through the API still runs.
 */
@Component
public class BillingToAccountingRunner implements PairRunner, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BillingToAccountingRunner.class);
    /** The exchange property where a run's last step leaves its one-line summary for the run record. */
    public static final String SUMMARY = "lockstepRunSummary";
    // A run on another replica that has not beaten for this long is taken to be dead.
    private static final Duration ALIVE = Duration.ofMinutes(10);

    private final SyncRuns runs;
    private final AccountingPair pair;
    private final ProducerTemplate producer;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "billing-to-accounting-run");
        t.setDaemon(true);
        return t;
    });

    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    public BillingToAccountingRunner(SyncRuns runs, AccountingPair pair, CamelContext camel,
                                     org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.pair = pair;
        this.producer = camel.createProducerTemplate();
    }

    @Override
    public String pair() {
        return AccountingPair.PAIR;
    }

    @Override
    public Set<String> kinds() {
        return Set.of(SYNC, RECONCILE);
    }

    @Override
    public long start(String kind, String trigger) {
        long id = begin(kind, trigger);
        background.execute(() -> execute(id, kind));
        return id;
    }

    /** The nightly schedule's fire (Quartz, clustered: one replica per fire), run on the scheduler's thread. */
    public void scheduledSync() {
        scheduled(SYNC);
    }

    /** The reconciliation schedule's fire. */
    public void scheduledReconcile() {
        scheduled(RECONCILE);
    }

    private void scheduled(String kind) {
        if (paused()) {
            log.info("Scheduled {} run of {} skipped: the pair is paused", kind, AccountingPair.PAIR);
            return;
        }
        long id;
        try {
            id = begin(kind, SyncRun.SCHEDULE);
        } catch (IllegalStateException busy) {
            log.warn("Scheduled {} run of {} skipped: {}", kind, AccountingPair.PAIR, busy.getMessage());
            return;
        }
        execute(id, kind);
    }

    private long begin(String kind, String trigger) {
        if (!pair.enabled()) {
            throw new IllegalStateException("pair " + AccountingPair.PAIR + " is off: lockstep.systems.accounting.base-url is not set");
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a run of " + AccountingPair.PAIR + " is already running");
        }
        try {
            if (runs.busy(AccountingPair.PAIR, -1, ALIVE)) {
                throw new IllegalStateException("a run of " + AccountingPair.PAIR + " is already running on another replica");
            }
            // A run whose replica died mid-run: what it did not send is still pending and goes in this run.
            for (SyncRun other : runs.claimStale(AccountingPair.PAIR, ALIVE)) {
                runs.finish(other.id(), SyncRun.INTERRUPTED, "no heartbeat for more than " + ALIVE
                        + "; what it had not sent goes in the next run");
            }
            return runs.start(AccountingPair.PAIR, kind, trigger);
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    private void execute(long id, String kind) {
        try {
            String route = SYNC.equals(kind) ? "direct:billing-to-accounting-sync" : "direct:billing-to-accounting-reconcile-run";
            log.info("{} {} run {} started", AccountingPair.PAIR, kind, id);
            Exchange done = producer.send(route, e -> {
                e.setProperty(AccountingPair.RUN_ID, id);
                e.setProperty(PipelineProperties.PAIR, AccountingPair.PAIR);
            });
            String summary = summary(done);
            if (done.getException() != null) {
                String cause = done.getException().getMessage();
                runs.finish(id, SyncRun.FAILED, (summary == null ? "" : summary + "; ") + "failed: " + cause);
                log.error("{} {} run {} failed (what it did not send stays pending for the next run): {}",
                        AccountingPair.PAIR, kind, id, cause);
            } else {
                runs.finish(id, SyncRun.SUCCEEDED, summary);
                log.info("{} {} run {} done: {}", AccountingPair.PAIR, kind, id,
                        runs.find(id).map(r -> r.counts() + (summary == null ? "" : "; " + summary)).orElse(""));
            }
        } catch (RuntimeException e) {
            runs.finish(id, SyncRun.FAILED, String.valueOf(e.getMessage()));
            log.error("{} {} run {} failed", AccountingPair.PAIR, kind, id, e);
        } finally {
            running.set(false);
        }
    }

    /** The drift report's line (a reconciliation) and how many bulk requests were sent. */
    private static String summary(Exchange done) {
        String found = done.getProperty(SUMMARY, String.class);
        int requests = done.getProperty(AccountingBulkCall.REQUESTS, 0, Integer.class);
        String sent = requests == 1 ? "1 bulk request" : requests + " bulk requests";
        return found == null ? sent : found + "; " + sent;
    }

    private boolean paused() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM paused_pair WHERE pair = ?)",
                Boolean.class, AccountingPair.PAIR));
    }

    @Override
    public void destroy() {
        background.shutdownNow();
    }
}
