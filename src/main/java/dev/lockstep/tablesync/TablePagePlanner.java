package dev.lockstep.tablesync;

import dev.lockstep.batch.WriteGroup;
import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.cleanup.RecordCleaner;
import dev.lockstep.deadletter.DeadLetterGate;
import dev.lockstep.deliver.JdbcWriteStatement;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.OrderingGuard;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.RecordMapper;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.poll.PollCursor;
import dev.lockstep.poll.PolledRow;
import dev.lockstep.quarantine.QuarantineStore;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decides a page: each row is cleaned and mapped (bad data is quarantined with its reasons), the
 * page's ledger entries are fetched in one query, and each row is decided as the one-way pipeline
 * decides an event ({@link OrderingGuard}: unchanged when its mapped content hash equals the
 * ledger's, stale when its modified-at is older). The rows to write are grouped by statement
 * ({@link WriteGroup}) for {@link TableBatchWriter}.
 */
@Component
public class TablePagePlanner {

    private final MappingRegistry mappings;
    private final SyncLedger ledger;
    private final QuarantineStore quarantine;
    private final DeadLetterGate deadLetters;

    public TablePagePlanner(MappingRegistry mappings, SyncLedger ledger, QuarantineStore quarantine, DeadLetterGate deadLetters) {
        this.mappings = mappings;
        this.ledger = ledger;
        this.quarantine = quarantine;
        this.deadLetters = deadLetters;
    }

    /**
     * Plans the page {@code rows} read after {@code after} (where the run stood). Safe to run ahead
     * of the page before it being committed: a row comes back within one run only with a newer
     * modified-at, which is written whatever the ledger said of its older version.
     */
    TablePage plan(TableRun run, List<PolledRow> rows, PollCursor after) {
        String pair = run.pair.pair();
        Mapping mapping = mappings.get(pair);
        PolledRow last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
        TablePage page = new TablePage(last == null ? after : new PollCursor(last.modifiedAt(), last.id()), rows.size());

        Map<String, TargetRow> mapped = new LinkedHashMap<>();
        Map<String, ChangeEvent> events = new HashMap<>();
        for (PolledRow row : rows) {
            ChangeEvent event = event(pair, mapping, row);
            try {
                mapped.put(row.id(), RecordMapper.map(mapping, RecordCleaner.clean(mapping, event)));
                events.put(row.id(), event);
            } catch (InvalidRecordException invalid) {
                quarantine.park(event, invalid);
                page.quarantined++;
            }
        }
        Map<String, SyncLedger.RecordState> known = ledger.findAll(pair, mapped.keySet());
        // This very version of a row already failed and waits in the dead letters: not tried again on
        // every run that re-reads it (overlap, backfill); a newer version of the row is.
        Set<String> deadLettered = run.deadLettersAtStart ? deadLetters.openDeadLetterEvents(pair, mapped.keySet()) : Set.of();
        mapped.forEach((sourceId, target) -> {
            ChangeEvent event = events.get(sourceId);
            if (deadLettered.contains(event.eventId())) {
                page.unchanged++;
                return;
            }
            Optional<SyncLedger.RecordState> state = Optional.ofNullable(known.get(sourceId));
            TargetRow row = state.isEmpty() || state.get().targetId().equals(target.key()) ? target : target.withKey(state.get().targetId());
            String hash = row.contentHash();
            Outcome outcome = OrderingGuard.decide(event, row, hash, state);
            switch (outcome) {
                case APPLIED -> {
                    page.writes.put(sourceId, row);
                    page.events.put(sourceId, event);
                    page.entries.put(sourceId, entry(event, row, hash));
                }
                case UNCHANGED -> {
                    page.unchanged++;
                    // A newer version with the same content: nothing to write, but the ledger's version moves on.
                    if (row.write() != TargetRow.Write.NONE
                            && (state.isEmpty() || state.get().sourceVersion().isBefore(event.sourceVersion()))) {
                        page.entries.put(sourceId, entry(event, row, hash));
                    }
                }
                default -> page.stale++;
            }
        });
        page.groups = groups(page.writes.values());
        return page;
    }

    /** A row as the canonical change: its columns as fields (timestamps as instants), its modified-at as the version. */
    static ChangeEvent event(String pair, Mapping mapping, PolledRow row) {
        Map<String, Object> fields = new HashMap<>(row.columns().size() + 2);
        row.columns().forEach((column, value) -> fields.put(column, value instanceof Timestamp t ? t.toInstant() : value));
        fields.put(mapping.source().id(), row.id());
        fields.put(mapping.source().version(), row.modifiedAt());
        Instant version = row.modifiedAt();
        return new ChangeEvent(row.id() + "@" + version, pair, mapping.source().system(), mapping.source().entity(), row.id(),
                ChangeEvent.Operation.UPSERT, fields, version, Instant.now());
    }

    private static SyncLedger.Entry entry(ChangeEvent event, TargetRow row, String hash) {
        return new SyncLedger.Entry(event.sourceId(), row.key(), event.sourceVersion(), hash, false, event.eventId());
    }

    /** The writes grouped by statement (rows mapping the same columns share one, built once). */
    static List<WriteGroup> groups(Iterable<TargetRow> rows) {
        Map<java.util.Set<String>, WriteGroup> groups = new LinkedHashMap<>();
        for (TargetRow row : rows) {
            groups.computeIfAbsent(row.values().keySet(), columns -> new WriteGroup(JdbcWriteStatement.sql(row), new ArrayList<>()))
                    .parameters().add(JdbcWriteStatement.parameters(row));
        }
        return new ArrayList<>(groups.values());
    }
}
