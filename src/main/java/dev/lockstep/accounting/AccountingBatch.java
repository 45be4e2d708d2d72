package dev.lockstep.accounting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.SyncRuns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Takes the next batch of the pair's pending inbox events (oldest first, {@code batch-size} of
 * them) and prepares its bulk request. Before anything is sent: an older version of an invoice
 * than one already in the batch or the ledger is stale; an invoice whose mapped hash equals the
 * ledger's is unchanged (not sent; both closed at once, in one statement with the ledger); one that
 * fails cleanup or mapping is set aside for the quarantine. The rest becomes the body
 * {@code {"Invoices": [...]}}, each with the {@code InvoiceID} the ledger links when there is one,
 * so an update reaches the same accounting record. Sets {@code lockstepMore} false when the inbox
 * had nothing left, and {@code lockstepSend} false when nothing of the batch needs sending.
 */
@Component("accountingBatch")
public class AccountingBatch implements Processor {

    private static final String PENDING = """
            SELECT id, CAST(payload AS text) AS payload FROM inbox_event
            WHERE pair = ? AND status = 'PENDING' ORDER BY id LIMIT ?""";

    private final AccountingPair pair;
    private final JdbcTemplate jdbc;
    private final SyncLedger ledger;
    private final SyncRuns runs;
    private final ObjectMapper json;

    public AccountingBatch(AccountingPair pair, JdbcTemplate jdbc, SyncLedger ledger, SyncRuns runs, ObjectMapper json) {
        this.pair = pair;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.runs = runs;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        long run = exchange.getProperty(AccountingPair.RUN_ID, Long.class);
        long number = exchange.getProperty("lockstepBatchNumber", 0L, Long.class) + 1;
        exchange.setProperty("lockstepBatchNumber", number);
        List<Map<String, Object>> rows = jdbc.queryForList(PENDING, AccountingPair.PAIR, pair.batchSize());
        exchange.setProperty("lockstepMore", !rows.isEmpty());
        exchange.setProperty("lockstepSend", false);
        exchange.removeProperty(InvoiceBatch.PROPERTY);
        exchange.getMessage().setBody(null);
        if (rows.isEmpty()) {
            return;
        }
        // The newest version of each invoice in the batch; older ones are stale.
        Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
        Map<Long, ChangeEvent> events = new HashMap<>();
        Map<Long, Outcome> closed = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            long id = ((Number) row.get("id")).longValue();
            ChangeEvent event = json.readValue(row.get("payload").toString(), ChangeEvent.class);
            events.put(id, event);
            Map<String, Object> before = latest.get(event.sourceId());
            if (before != null && events.get((Long) before.get("inboxId")).sourceVersion().isAfter(event.sourceVersion())) {
                closed.put(id, Outcome.STALE);
                continue;
            }
            if (before != null) {
                closed.put((Long) before.get("inboxId"), Outcome.STALE);
            }
            latest.put(event.sourceId(), Map.of("inboxId", id, "payload", row.get("payload").toString()));
        }
        Map<String, SyncLedger.RecordState> known = ledger.findAll(AccountingPair.PAIR, latest.keySet());
        List<SyncLedger.Entry> unchanged = new ArrayList<>();
        List<InvoiceBatch.Item> items = new ArrayList<>();
        List<InvoiceBatch.Failure> failures = new ArrayList<>();
        for (Map<String, Object> candidate : latest.values()) {
            long inboxId = (Long) candidate.get("inboxId");
            String payload = (String) candidate.get("payload");
            ChangeEvent event = events.get(inboxId);
            SyncLedger.RecordState state = known.get(event.sourceId());
            if (state != null && state.sourceVersion().isAfter(event.sourceVersion())) {
                closed.put(inboxId, Outcome.STALE);
                continue;
            }
            TargetRow row;
            try {
                row = pair.row(event);
            } catch (InvalidRecordException invalid) {
                failures.add(new InvoiceBatch.Failure(inboxId, payload, event, invalid, true));
                continue;
            }
            String hash = AccountingPair.hash(row);
            if (state != null && hash.equals(state.contentHash())) {
                unchanged.add(new SyncLedger.Entry(event.sourceId(), state.targetId(), event.sourceVersion(), hash, false, event.eventId()));
                closed.put(inboxId, Outcome.UNCHANGED);
            } else {
                items.add(new InvoiceBatch.Item(inboxId, payload, event, row, hash, state == null ? null : state.targetId()));
            }
        }
        if (!closed.isEmpty()) {
            ledger.commitAll(AccountingPair.PAIR, unchanged, closed, events);
            runs.advance(run, new RunCounts(0, 0, closed.size(), 0, 0, 0), null);
        }
        exchange.setProperty(InvoiceBatch.PROPERTY, new InvoiceBatch(number, items, failures));
        if (!items.isEmpty()) {
            List<ObjectNode> invoices = items.stream().map(i -> XeroInvoices.invoice(i.row(), i.invoiceId())).toList();
            exchange.setProperty(AccountingRequest.BODY, json.writeValueAsString(XeroInvoices.request(invoices)));
            exchange.setProperty(AccountingRequest.METHOD, "POST");
            exchange.setProperty(AccountingRequest.PATH, "/Invoices");
            exchange.setProperty(AccountingRequest.QUERY, "summarizeErrors=false");
            // Same key on every retry of this batch in this run: the API applies it once however often it is sent.
            exchange.setProperty(AccountingRequest.IDEMPOTENCY_KEY, "lockstep-" + run + "-" + number + "-" + items.get(0).inboxId());
            exchange.setProperty("lockstepSend", true);
        }
    }
}
