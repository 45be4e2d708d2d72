package dev.lockstep.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.deliver.http.HttpDeliveryException;
import dev.lockstep.deliver.http.HttpFailureKind;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.SyncRuns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Reads the API's answer to a bulk request: one invoice per invoice sent, in the same order, each
 * with {@code StatusAttributeString} {@code OK} (or {@code WARNING}) and its {@code InvoiceID}, or
 * {@code ERROR} with {@code ValidationErrors}. Written invoices are committed to the ledger with the
 * accounting id and their hash, in one statement; refused ones join the batch's failures (for the
 * dead letters) with the API's messages, and the rest of the batch is not held back by them.
 */
@Component("accountingBatchResult")
public class AccountingBatchResult {

    private final SyncLedger ledger;
    private final SyncRuns runs;
    private final ObjectMapper json;

    public AccountingBatchResult(SyncLedger ledger, SyncRuns runs, ObjectMapper json) {
        this.ledger = ledger;
        this.runs = runs;
        this.json = json;
    }

    /** The answer arrived (2xx): commit what was written, set aside what was refused. */
    public void written(Exchange exchange) throws Exception {
        InvoiceBatch batch = exchange.getProperty(InvoiceBatch.PROPERTY, InvoiceBatch.class);
        JsonNode answered = json.readTree(exchange.getMessage().getBody(String.class)).path("Invoices");
        List<SyncLedger.Entry> entries = new ArrayList<>();
        Map<Long, Outcome> outcomes = new LinkedHashMap<>();
        Map<Long, ChangeEvent> events = new HashMap<>();
        List<InvoiceBatch.Failure> failures = new ArrayList<>(batch.failures());
        for (int i = 0; i < batch.items().size(); i++) {
            InvoiceBatch.Item item = batch.items().get(i);
            JsonNode invoice = answered.path(i);
            String refused = refusal(invoice, item);
            if (refused != null) {
                failures.add(new InvoiceBatch.Failure(item.inboxId(), item.payload(), item.event(),
                        new HttpDeliveryException(HttpFailureKind.PERMANENT, 200, null, refused), false));
                continue;
            }
            ChangeEvent event = item.event();
            entries.add(new SyncLedger.Entry(event.sourceId(), invoice.path("InvoiceID").asText(), event.sourceVersion(),
                    item.hash(), false, event.eventId()));
            outcomes.put(item.inboxId(), Outcome.APPLIED);
            events.put(item.inboxId(), event);
        }
        if (!entries.isEmpty()) {
            ledger.commitAll(AccountingPair.PAIR, entries, outcomes, events);
        }
        runs.advance(exchange.getProperty(AccountingPair.RUN_ID, Long.class),
                new RunCounts(0, entries.size(), 0, 0, 0, 0), null);
        exchange.setProperty(InvoiceBatch.PROPERTY, new InvoiceBatch(batch.number(), batch.items(), failures));
    }

    /** The API refused the whole request (a 4xx other than a rate limit): every invoice of it fails with that answer. */
    public void refused(Exchange exchange, Exception cause) {
        InvoiceBatch batch = exchange.getProperty(InvoiceBatch.PROPERTY, InvoiceBatch.class);
        List<InvoiceBatch.Failure> failures = new ArrayList<>(batch.failures());
        for (InvoiceBatch.Item item : batch.items()) {
            failures.add(new InvoiceBatch.Failure(item.inboxId(), item.payload(), item.event(), cause, false));
        }
        exchange.setProperty(InvoiceBatch.PROPERTY, new InvoiceBatch(batch.number(), batch.items(), failures));
    }

    /** Why the API refused this invoice, in its own words, or null when it was written. */
    static String refusal(JsonNode invoice, InvoiceBatch.Item item) {
        String number = item.row().key();
        if (invoice.isMissingNode()) {
            return "the accounting API's answer has no invoice for " + number;
        }
        List<String> messages = new ArrayList<>();
        invoice.path("ValidationErrors").forEach(e -> messages.add(e.path("Message").asText()));
        boolean error = "ERROR".equalsIgnoreCase(invoice.path("StatusAttributeString").asText())
                || invoice.path("HasErrors").asBoolean(false) || !messages.isEmpty();
        if (!error && !invoice.path("InvoiceID").asText("").isBlank()) {
            return null;
        }
        if (messages.isEmpty()) {
            messages.add(error ? "(no message)" : "no InvoiceID in the answer");
        }
        return "the accounting API refused invoice " + number + ": " + String.join("; ", messages);
    }
}
