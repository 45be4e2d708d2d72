package dev.lockstep.runs;

import dev.lockstep.pipeline.PipelineProperties;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.stereotype.Component;

/**
 * First step of a scheduled poll route: records the fire as a {@code sync_run} (kind {@code SYNC},
 * trigger {@code SCHEDULE}) that ends when the exchange does, SUCCEEDED with the number of changes
 * handed on, or FAILED with the cause. The run's message names the fire's scheduled time, so two
 * replicas running one fire would show as two runs with the same time: the clustered scheduler's
 * "each fire once" can be seen in {@code GET /api/runs}.
 */
@Component("scheduledRun")
public class ScheduledRunRecorder implements Processor {

    /** What Camel's quartz consumer puts on the exchange: the time this fire was due. */
    static final String SCHEDULED_FIRE_TIME = "scheduledFireTime";

    private final SyncRuns runs;

    public ScheduledRunRecorder(SyncRuns runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) {
        String pair = PipelineProperties.pair(exchange);
        Date due = exchange.getMessage().getHeader(SCHEDULED_FIRE_TIME, Date.class);
        String fire = "fire " + (due == null ? Instant.now() : due.toInstant());
        long id = runs.start(pair, PairRunner.SYNC, SyncRun.SCHEDULE);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onComplete(Exchange done) {
                Object body = done.getMessage().getBody();
                long changes = body instanceof Collection<?> handedOn ? handedOn.size() : 0;
                runs.advance(id, new RunCounts(changes, 0, 0, 0, 0, 0), null);
                runs.finish(id, SyncRun.SUCCEEDED, fire);
            }

            @Override
            public void onFailure(Exchange failed) {
                Exception cause = failed.getException();
                runs.finish(id, SyncRun.FAILED, fire + ": " + (cause == null ? "failed" : cause.getMessage()));
            }
        });
    }
}
