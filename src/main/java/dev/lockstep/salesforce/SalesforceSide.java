package dev.lockstep.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.mapping.TwoWayMapping.FieldType;
import dev.lockstep.mapping.TwoWayMapping.SyncField;
import dev.lockstep.mapping.TwoWayMapping.SystemTable;
import dev.lockstep.poll.KeysetPoller;
import dev.lockstep.poll.PollCursor;
import dev.lockstep.resolve.SideState;
import dev.lockstep.resolve.SideWrite;
import dev.lockstep.resolve.Values;
import dev.lockstep.twoway.Observation;
import dev.lockstep.twoway.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A two-way system that is a Salesforce sObject (e.g. Contact), keyed by an external id field.
 *
 * <p>Reading: SOQL ordered by the modified-at field ({@code SystemModstamp}), from the cursor less
 * the overlap, paged by {@code nextRecordsUrl}; deleted records come too ({@code queryAll}, with
 * {@code IsDeleted}). Records without an external id are not synced (they have no key). Reading
 * several records is one query ({@code WHERE key IN (...)}).
 *
 * <p>Writing: upserts by the external id through sObject Collections (up to 200 a call,
 * {@code allOrNone=false}: a record Salesforce refuses is reported alone, the rest land), deletes
 * through the same resource by Salesforce id. Unlike a database side, a Salesforce write is not
 * conditional on what was read (the resource has no such condition); the window is one resolve.
 */
public final class SalesforceSide implements Side {

    static final int MAX_BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(SalesforceSide.class);
    // SOQL datetime literals: seconds, UTC, no quotes.
    private static final DateTimeFormatter SOQL_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").toFormatter().withZone(java.time.ZoneOffset.UTC);
    private static final DateTimeFormatter SF_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffsetId().optionalEnd().toFormatter();

    private final TwoWayMapping mapping;
    private final SystemTable object;
    private final SalesforceApi api;
    // External id → Salesforce id, as last read: deletes go by Salesforce id.
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    public SalesforceSide(TwoWayMapping mapping, SystemTable object, SalesforceApi api) {
        this.mapping = mapping;
        this.object = object;
        this.api = api;
    }

    @Override
    public String system() {
        return object.system();
    }

    @Override
    public long apiCalls() {
        return api.calls();
    }

    @Override
    public KeysetPoller.Result poll(String pair, PollCursor from, Duration overlap, int pageSize, int maxRows,
                                   Consumer<List<Observation>> onPage) {
        String soql = select() + " WHERE " + object.updatedAt() + " >= " + SOQL_TIME.format(from.modifiedAt().minus(overlap))
                + " ORDER BY " + object.updatedAt() + ", Id";
        int[] rows = {0};
        PollCursor[] cursor = {from};
        int[] skipped = {0};
        api.query(soql, records -> {
            List<Observation> page = new ArrayList<>();
            for (JsonNode r : records) {
                String key = text(r.path(object.key()));
                if (key == null) {
                    skipped[0]++;
                    continue;
                }
                SideState state = state(r);
                page.add(new Observation(pair, key, state));
                if (cursor[0].isBefore(state.updatedAt(), key)) {
                    cursor[0] = new PollCursor(state.updatedAt(), key);
                }
            }
            rows[0] += page.size();
            onPage.accept(page);
        }, () -> rows[0] < maxRows);
        if (skipped[0] > 0) {
            log.info("{}: {} {} record(s) without {} skipped (no key to sync them by)", pair, skipped[0], object.table(), object.key());
        }
        return new KeysetPoller.Result(rows[0], cursor[0], rows[0] < maxRows);
    }

    @Override
    public SideState read(String key) {
        return readAll(List.of(key)).get(key);
    }

    @Override
    public Map<String, SideState> readAll(Collection<String> keys) {
        Map<String, SideState> states = new LinkedHashMap<>();
        keys.forEach(k -> states.put(k, SideState.absent(system())));
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += MAX_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + MAX_BATCH));
            String soql = select() + " WHERE " + object.key() + " IN ("
                    + String.join(", ", batch.stream().map(SalesforceSide::quoted).toList()) + ")";
            api.query(soql, records -> {
                for (JsonNode r : records) {
                    String key = text(r.path(object.key()));
                    SideState state = state(r);
                    // A live record wins over one in the recycle bin with the same external id.
                    if (key != null && (!states.get(key).live() || state.live())) {
                        states.put(key, state);
                    }
                }
            }, () -> true);
        }
        return states;
    }

    @Override
    public void apply(String key, SideState before, SideWrite write, boolean hardDelete) {
        List<Refused> refused = applyAll(List.of(new PendingWrite(key, before, write)), hardDelete);
        if (!refused.isEmpty()) {
            throw new IllegalStateException(system() + " refused " + key + ": " + refused.get(0).error());
        }
    }

    @Override
    public List<Refused> applyAll(List<PendingWrite> writes, boolean hardDelete) {
        List<PendingWrite> upserts = writes.stream().filter(w -> w.write().kind() != SideWrite.Kind.DELETE).toList();
        List<PendingWrite> deletes = writes.stream().filter(w -> w.write().kind() == SideWrite.Kind.DELETE).toList();
        List<Refused> refused = new ArrayList<>();
        for (int from = 0; from < upserts.size(); from += MAX_BATCH) {
            List<PendingWrite> batch = upserts.subList(from, Math.min(upserts.size(), from + MAX_BATCH));
            List<Map<String, Object>> records = batch.stream().map(w -> record(w.key(), w.write().values())).toList();
            List<SalesforceApi.RecordResult> results = api.upsert(object.table(), object.key(), records);
            for (int i = 0; i < batch.size(); i++) {
                SalesforceApi.RecordResult r = results.get(i);
                if (r.success()) {
                    if (r.id() != null) {
                        ids.put(batch.get(i).key(), r.id());
                    }
                } else {
                    refused.add(new Refused(batch.get(i).key(), r.error(), false));
                }
            }
        }
        List<PendingWrite> known = new ArrayList<>();
        for (PendingWrite w : deletes) {
            if (ids.containsKey(w.key())) {
                known.add(w);
            } else {
                refused.add(new Refused(w.key(), "no Salesforce id known for " + w.key() + "; it is read again", true));
            }
        }
        for (int from = 0; from < known.size(); from += MAX_BATCH) {
            List<PendingWrite> batch = known.subList(from, Math.min(known.size(), from + MAX_BATCH));
            List<SalesforceApi.RecordResult> results = api.delete(batch.stream().map(w -> ids.get(w.key())).toList());
            for (int i = 0; i < batch.size(); i++) {
                if (!results.get(i).success()) {
                    refused.add(new Refused(batch.get(i).key(), results.get(i).error(), false));
                }
            }
        }
        return refused;
    }

    /** One record as sObject Collections takes it: the external id and every synced field (null clears it). */
    private Map<String, Object> record(String key, Map<String, String> values) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put(object.key(), key);
        for (SyncField f : mapping.fields()) {
            String v = values.get(f.name());
            record.put(f.column(system()), v == null || f.type() == FieldType.TEXT ? v : Values.numberOf(v));
        }
        return record;
    }

    private String select() {
        List<String> fields = new ArrayList<>(List.of("Id", object.key(), object.updatedAt()));
        if (object.deleted() != null) {
            fields.add(object.deleted());
        }
        mapping.fields().forEach(f -> fields.add(f.column(system())));
        return "SELECT " + String.join(", ", fields) + " FROM " + object.table();
    }

    private SideState state(JsonNode r) {
        String key = text(r.path(object.key()));
        String id = text(r.path("Id"));
        if (key != null && id != null) {
            ids.put(key, id);
        }
        Map<String, String> values = new HashMap<>();
        for (SyncField f : mapping.fields()) {
            values.put(f.name(), canonical(f.type(), r.path(f.column(system()))));
        }
        boolean deleted = object.deleted() != null && r.path(object.deleted()).asBoolean(false);
        Instant modified = OffsetDateTime.parse(r.path(object.updatedAt()).asText(), SF_TIME).toInstant().truncatedTo(ChronoUnit.MILLIS);
        return new SideState(system(), true, deleted, values, modified);
    }

    private static String canonical(FieldType type, JsonNode value) {
        String text = text(value);
        if (text == null || type == FieldType.TEXT) {
            return text;
        }
        return Values.number(new BigDecimal(text.trim()));
    }

    private static String text(JsonNode value) {
        return value == null || value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    /** A SOQL string literal: backslashes and quotes escaped. */
    static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
