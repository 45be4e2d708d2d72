package dev.lockstep.ledger;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The ledger step, last in the pipeline: commits the outcome the earlier steps reached. */
@Component("ledgerCommit")
public class LedgerCommit implements Processor {

    private static final Logger log = LoggerFactory.getLogger(LedgerCommit.class);

    private final SyncLedger ledger;

    public LedgerCommit(SyncLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ChangeEvent event = PipelineProperties.event(exchange);
        TargetRow row = exchange.getProperty(PipelineProperties.TARGET_ROW, TargetRow.class);
        Outcome outcome = PipelineProperties.outcome(exchange);
        long inboxId = exchange.getProperty(PipelineProperties.INBOX_ID, Long.class);
        ledger.commit(inboxId, event, row, outcome);
        log.info("{} {} record {} event {}: {}", event.pair(), event.operation(), event.sourceId(), event.eventId(), outcome);
    }
}
