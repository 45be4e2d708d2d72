package dev.lockstep.salesforce;

import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.SyncRuns;
import dev.lockstep.twoway.TwoWayRunRecorder;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * {@code POST /api/pairs/salesforce-and-billing/runs}: a run now, besides the schedule's (through
 * the route's {@code direct:salesforce-and-billing-run}). Answers the run's id at once; 409 while a
 * run is going on this replica.
 */
@Component
@Conditional(SalesforceConfigured.class)
public class SalesforceAndBillingRunner implements PairRunner {

    static final String PAIR = "salesforce-and-billing";

    private final ProducerTemplate producer;
    private final SyncRuns runs;
    private final TwoWayRunRecorder recorder;

    public SalesforceAndBillingRunner(ProducerTemplate producer, SyncRuns runs, TwoWayRunRecorder recorder) {
        this.producer = producer;
        this.runs = runs;
        this.recorder = recorder;
    }

    @Override
    public String pair() {
        return PAIR;
    }

    @Override
    public Set<String> kinds() {
        return Set.of(SYNC);
    }

    @Override
    public long start(String kind, String trigger) {
        if (recorder.isRunning(PAIR)) {
            throw new IllegalStateException("a run of " + PAIR + " is going; try again when it has finished (GET /api/runs?pair=" + PAIR + ")");
        }
        long id = runs.start(PAIR, kind, trigger);
        producer.asyncSend("direct:" + PAIR + "-run", exchange -> exchange.setProperty(TwoWayRunRecorder.RUN, id));
        return id;
    }
}
