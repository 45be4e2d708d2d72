package dev.lockstep.accounting;

import dev.lockstep.pipeline.PipelineProperties;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Prepares one failed invoice of a batch (the body, split from the batch's failures) the way the
 * shared stores expect an event: for the quarantine the event with its inbox id and the invalid
 * record's reasons, for the dead letters the inbox row with the cause. Sets
 * {@code lockstepFailure} to {@code QUARANTINE} or {@code DEAD_LETTER} for the route to choose.
 */
@Component("failedInvoices")
public class FailedInvoices implements Processor {

    private final dev.lockstep.runs.SyncRuns runs;

    public FailedInvoices(dev.lockstep.runs.SyncRuns runs) {
        this.runs = runs;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        InvoiceBatch.Failure failure = exchange.getMessage().getMandatoryBody(InvoiceBatch.Failure.class);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure.cause());
        exchange.setProperty(PipelineProperties.INBOX_ID, failure.inboxId());
        exchange.setProperty(PipelineProperties.FIRST_FAILURE, Instant.now());
        exchange.setProperty(PipelineProperties.ATTEMPTS, 1);
        exchange.setProperty(PipelineProperties.FAILED_STEP, "accounting-deliver");
        Long run = exchange.getProperty(AccountingPair.RUN_ID, Long.class);
        if (run != null) {
            runs.advance(run, failure.invalid() ? new dev.lockstep.runs.RunCounts(0, 0, 0, 0, 1, 0)
                    : new dev.lockstep.runs.RunCounts(0, 0, 0, 0, 0, 1), null);
        }
        if (failure.invalid()) {
            exchange.setProperty("lockstepFailure", "QUARANTINE");
            exchange.getMessage().setBody(failure.event());
        } else {
            exchange.setProperty("lockstepFailure", "DEAD_LETTER");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", failure.inboxId());
            row.put("payload", failure.payload());
            exchange.getMessage().setBody(row);
        }
    }
}
