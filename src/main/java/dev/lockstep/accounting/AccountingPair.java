package dev.lockstep.accounting;

import dev.lockstep.cleanup.RecordCleaner;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.RecordMapper;
import dev.lockstep.mapping.TargetRow;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What the pair's steps share: its name and settings, and how one billing row becomes a change
 * event and an invoice's mapped columns (cleanup, then the mapping, as every pipeline does).
 */
@Component
public class AccountingPair {

    public static final String PAIR = "billing-to-accounting";
    public static final String SYSTEM = "accounting";
    /** The exchange property carrying the {@code sync_run} id of the run an exchange belongs to. */
    public static final String RUN_ID = "lockstepRunId";

    private final MappingRegistry mappings;
    private final RecordMapper.Links links;
    private final Environment env;

    public AccountingPair(MappingRegistry mappings, SyncLedger links, Environment env) {
        this.mappings = mappings;
        this.links = links;
        this.env = env;
    }

    public Mapping mapping() {
        return mappings.get(PAIR);
    }

    /** The billing table the invoices are read from, checked to be a plain SQL name before it reaches SQL. */
    public String table() {
        String table = env.getProperty("lockstep.pairs." + PAIR + ".table", "billing_invoice");
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalStateException("lockstep.pairs." + PAIR + ".table is not a plain SQL name: " + table);
        }
        return table;
    }

    /** Invoices per bulk request (and per page read from billing). */
    public int batchSize() {
        return Math.max(1, Math.min(env.getProperty("lockstep.pairs." + PAIR + ".batch-size", Integer.class, 50), 1000));
    }

    public java.time.Duration overlap() {
        return env.getProperty("lockstep.pairs." + PAIR + ".overlap", java.time.Duration.class, java.time.Duration.ofMinutes(5));
    }

    public boolean enabled() {
        return env.getProperty("lockstep.systems." + SYSTEM + ".enabled", Boolean.class, false);
    }

    /** A billing row as a change event: every column, in a form that survives the inbox's JSON. */
    public ChangeEvent event(String id, Instant modifiedAt, Map<String, Object> columns, String eventIdPrefix) {
        Map<String, Object> fields = new LinkedHashMap<>();
        columns.forEach((column, value) -> fields.put(column, plain(value)));
        fields.put("id", id);
        fields.put("modified_at", modifiedAt.toString());
        return new ChangeEvent(eventIdPrefix + id + "@" + modifiedAt, PAIR, "billing", "invoice", id,
                ChangeEvent.Operation.UPSERT, fields, modifiedAt, Instant.now());
    }

    /** Cleanup and mapping; throws {@link dev.lockstep.cleanup.InvalidRecordException} for a record that fails them. */
    public TargetRow row(ChangeEvent event) {
        Mapping mapping = mapping();
        return RecordMapper.map(mapping, RecordCleaner.clean(mapping, event), links);
    }

    /** The hash the ledger keeps for a mapped row, equal to the one read back from the API for the same content. */
    public static String hash(TargetRow row) {
        return XeroInvoices.hash(row.keyColumn(), row.values());
    }

    private static Object plain(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        return value;
    }
}
