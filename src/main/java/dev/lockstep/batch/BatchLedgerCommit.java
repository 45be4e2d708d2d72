package dev.lockstep.batch;

import dev.lockstep.correlation.EventMdc;
import dev.lockstep.correlation.EventSpans;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.EnumMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The ledger step of the batch path, after the target writes succeeded: the records' new ledger
 * entries and every batched event's outcome, committed in one statement.
 */
@Component("batchLedgerCommit")
public class BatchLedgerCommit implements Processor {

    private static final Logger log = LoggerFactory.getLogger(BatchLedgerCommit.class);

    private final SyncLedger ledger;

    public BatchLedgerCommit(SyncLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String pair = PipelineProperties.pair(exchange);
        BatchPlan plan = exchange.getProperty(BatchPlanner.PLAN, BatchPlan.class);
        if (!plan.outcomes().isEmpty()) {
            ledger.commitAll(pair, plan.ledger(), plan.outcomes(), plan.events());
            EventSpans.tagBatch(exchange, pair, plan.events().values());
        }
        if (log.isInfoEnabled()) {
            // The same line per event as the one-by-one route's ledger step, with the event's MDC keys.
            plan.outcomes().forEach((inboxId, outcome) -> {
                ChangeEvent event = plan.events().get(inboxId);
                EventMdc.with(event, () -> log.info("{} {} record {} event {}: {}", event.pair(), event.operation(),
                        event.sourceId(), event.eventId(), outcome));
            });
        }
        if (log.isInfoEnabled()) {
            Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
            plan.outcomes().values().forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
            log.info("{} batch of {} event(s): {}, {} written{}", pair, plan.outcomes().size() + plan.slowRows().size(), counts,
                    plan.writeCount(), plan.slowRows().isEmpty() ? "" : "; " + plan.slowRows().size() + " event(s) one by one");
        }
    }
}
