package dev.lockstep.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.deliver.http.BatchHttpRetry;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.poll.PolledRow;
import dev.lockstep.reconcile.Drift;
import dev.lockstep.reconcile.DriftComparer;
import dev.lockstep.reconcile.DriftReport;
import dev.lockstep.reconcile.KeyHash;
import dev.lockstep.reconcile.ReconcileSide;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.SyncRuns;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The pair's reconciliation sweep: every billing invoice's mapped hash against every accounting
 * invoice's ({@code GET /Invoices?page=N&order=InvoiceNumber}), compared by invoice number. What
 * drifted is repaired through the pair's own path: a missing invoice's ledger link is dropped (it
 * is sent again as new), a different one's ledger hash is cleared (it is sent again, to the same
 * InvoiceID), and each is queued in the inbox, which the run then drains like a sync. Orphans
 * (accounting invoices no billing invoice accounts for) are reported, never deleted.
 */
@Component("accountingReconciliation")
public class AccountingReconciliation implements Processor {

    /** The exchange property carrying the {@link DriftReport}. */
    public static final String REPORT = "lockstepDriftReport";

    private final AccountingPair pair;
    private final DataSource billing;
    private final JdbcTemplate lockstep;
    private final InvoiceChanges changes;
    private final SyncRuns runs;
    private final ObjectMapper json;
    private final ProducerTemplate producer;
    private final Environment env;
    private final BatchHttpRetry retry;

    public AccountingReconciliation(AccountingPair pair, @Qualifier("billing") DataSource billing, JdbcTemplate lockstep,
                                    InvoiceChanges changes, SyncRuns runs, ObjectMapper json, CamelContext camel, Environment env,
                                    BatchHttpRetry retry) {
        this.retry = retry;
        this.pair = pair;
        this.billing = billing;
        this.lockstep = lockstep;
        this.changes = changes;
        this.runs = runs;
        this.json = json;
        this.producer = camel.createProducerTemplate();
        this.env = env;
    }

    @Override
    public void process(Exchange exchange) {
        long run = exchange.getProperty(AccountingPair.RUN_ID, Long.class);
        Long total = new JdbcTemplate(billing).queryForObject("SELECT count(*) FROM " + pair.table(), Long.class);
        runs.total(run, total == null ? 0 : total);
        DriftReport report = new DriftComparer(pair.batchSize()).compare(billingSide(), accountingSide(),
                drifts -> repair(run, drifts));
        runs.advance(run, new RunCounts(report.compared(), 0, report.matched(), 0, 0, 0), null);
        exchange.setProperty(REPORT, report);
        exchange.setProperty(BillingToAccountingRunner.SUMMARY, report.summary());
    }

    /** Billing's invoices by invoice number (byte order, as Java compares), mapped and hashed, a page at a time. */
    ReconcileSide billingSide() {
        String table = pair.table();
        JdbcTemplate jdbc = new JdbcTemplate(billing);
        String sql = "SELECT * FROM " + table + " WHERE invoice_number COLLATE \"C\" > ? ORDER BY invoice_number COLLATE \"C\" LIMIT ?";
        return ReconcileSide.of("billing", after -> {
            List<PolledRow> rows = jdbc.query(sql, (rs, n) -> polled(rs), after == null ? "" : after, pair.batchSize());
            List<KeyHash> page = new ArrayList<>();
            String last = null;
            for (PolledRow row : rows) {
                last = String.valueOf(row.columns().get("invoice_number"));
                try {
                    TargetRow mapped = pair.row(pair.event(row.id(), row.modifiedAt(), row.columns(), "reconcile:"));
                    page.add(new KeyHash(mapped.key(), AccountingPair.hash(mapped)));
                } catch (InvalidRecordException invalid) {
                    // Cannot be sent as it is (the sync quarantines it): nothing to compare.
                }
            }
            return new ReconcileSide.Page(page, rows.size() < pair.batchSize() ? null : last);
        });
    }

    /** The accounting API's invoices, page by page, ordered by invoice number; each hashed over the mapped columns. */
    ReconcileSide accountingSide() {
        Mapping mapping = pair.mapping();
        List<String> columns = mapping.fields().values().stream().filter(Mapping.FieldRule::flowsToTarget)
                .map(Mapping.FieldRule::column).toList();
        int pageSize = env.getProperty("lockstep.systems.accounting.page-size", Integer.class, 100);
        String where = env.getProperty("lockstep.systems.accounting.reconcile-where", "Type==\"ACCREC\"");
        return ReconcileSide.of("accounting", token -> {
            int number = token == null ? 1 : Integer.parseInt(token);
            Exchange answer;
            try {
                answer = retry.send(producer, "direct:billing-to-accounting-call", AccountingPair.SYSTEM, e -> {
                    e.setProperty(AccountingRequest.METHOD, "GET");
                    e.setProperty(AccountingRequest.PATH, "/Invoices");
                    e.setProperty(AccountingRequest.QUERY, "page=" + number + "&pageSize=" + pageSize + "&order=InvoiceNumber"
                            + (where.isBlank() ? "" : "&where=" + URLEncoder.encode(where, StandardCharsets.UTF_8)));
                });
            } catch (Exception failure) {
                throw new IllegalStateException("listing accounting invoices (page " + number + ") failed: "
                        + failure.getMessage(), failure);
            }
            JsonNode invoices;
            try {
                invoices = json.readTree(answer.getMessage().getBody(String.class)).path("Invoices");
            } catch (Exception e) {
                throw new IllegalStateException("the accounting API's invoice list (page " + number + ") is not JSON", e);
            }
            List<KeyHash> page = new ArrayList<>();
            for (JsonNode invoice : invoices) {
                String key = invoice.path("InvoiceNumber").asText("");
                if (!key.isBlank()) {
                    page.add(new KeyHash(key, XeroInvoices.hash(mapping.target().key(), XeroInvoices.columns(invoice, columns))));
                }
            }
            return new ReconcileSide.Page(page, invoices.size() < pageSize ? null : String.valueOf(number + 1));
        });
    }

    /** Queues missing and different invoices to be sent again by this run; orphans are only reported. */
    void repair(long run, List<Drift> drifts) {
        Map<String, Drift.Kind> byNumber = new HashMap<>();
        drifts.stream().filter(d -> d.kind() != Drift.Kind.ORPHAN).forEach(d -> byNumber.put(d.key(), d.kind()));
        if (byNumber.isEmpty()) {
            return;
        }
        List<PolledRow> rows = new JdbcTemplate(billing).query("SELECT * FROM " + pair.table() + " WHERE invoice_number = ANY (?)",
                (rs, n) -> polled(rs), (Object) byNumber.keySet().toArray(String[]::new));
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (PolledRow row : rows) {
            (byNumber.get(String.valueOf(row.columns().get("invoice_number"))) == Drift.Kind.MISSING ? missing : different).add(row.id());
        }
        // Missing: the linked InvoiceID is gone; sent again without it, the invoice is created anew.
        lockstep.update("DELETE FROM sync_record WHERE pair = ? AND source_id = ANY (?)", AccountingPair.PAIR,
                missing.toArray(String[]::new));
        // Different: sent again to the same InvoiceID, whatever the ledger believed it holds.
        lockstep.update("UPDATE sync_record SET content_hash = 'drifted' WHERE pair = ? AND source_id = ANY (?)",
                AccountingPair.PAIR, different.toArray(String[]::new));
        changes.enqueue(rows, "reconcile-" + run + ":");
    }

    private static PolledRow polled(ResultSet rs) throws SQLException {
        Map<String, Object> columns = new HashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            columns.put(rs.getMetaData().getColumnName(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
        }
        columns.remove("id");
        columns.remove("modified_at");
        return new PolledRow(rs.getString("id"), rs.getTimestamp("modified_at").toInstant(), columns);
    }

}
