package dev.lockstep.filedrop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.cleanup.RecordCleaner;
import dev.lockstep.cleanup.Violation;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.inbox.EventInbox;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.RecordMapper;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.matching.MatchKeyLinker;
import dev.lockstep.metrics.PairMetrics;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.SyncRuns;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The import step of a file-drop route: reads the dropped CSV file (the body, as bytes), checks its
 * header against the pair's mapping, and stores one {@link ChangeEvent} per data row in the pair's
 * inbox, all in one commit; the pair's pipeline route then applies them like any other events.
 *
 * <p>Why through the inbox: the rows get exactly the webhook events' treatment (cleanup, match
 * keys, ordering, quarantine, retries, dead letters, batching) and survive a crash once committed.
 * Each row's event id is {@code <first 16 hex digits of the file's SHA-256>:<line>}, so dropping
 * the same content again stores nothing (the inbox's unique key) and changes nothing.
 *
 * <p>Each row's fields are its columns (a blank cell is null) plus {@code _file}: {@code name},
 * {@code line}, {@code sha256}, {@code modifiedAt} and {@code importedAt}, which the mapping may
 * name (e.g. {@code version: _file.modifiedAt}) and the quarantine shows. A row that cannot be an
 * event at all (more or fewer values than the header, no id, an unreadable version) or that
 * repeats an earlier row's id or match key in the same file is stored already quarantined, with
 * its line in the reason. A file that cannot be read as a whole ({@link UnreadableFileException})
 * stores nothing and is reported as failed.
 */
@Component("fileImport")
public class FileImport implements Processor {

    /** The exchange property holding the {@link ImportedFile}. */
    public static final String IMPORTED = "lockstepImportedFile";
    /** The exchange property naming the sub-folder the file goes to: {@code done} or {@code failed}. */
    public static final String FOLDER = "lockstepFileFolder";

    static final String KIND = "IMPORT";
    static final String TRIGGER = "FILE";

    private static final Logger log = LoggerFactory.getLogger(FileImport.class);
    private static final String INSERT_HEAD = "INSERT INTO inbox_event (pair, event_id, source_id, operation, source_version, "
            + "payload, received_at, status, processed_at) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)";
    private static final String INSERT_TAIL = " ON CONFLICT (pair, event_id) DO NOTHING RETURNING id, event_id";
    private static final String QUARANTINE = """
            INSERT INTO quarantine (pair, inbox_id, event_id, source_id, payload, reasons)
            VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb))""";
    // 9 parameters a row: well under PostgreSQL's 65,535 bind parameters per statement.
    private static final int CHUNK = 1000;

    private final MappingRegistry mappings;
    private final RecordMapper.Links links;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final SyncRuns runs;
    private final PairMetrics metrics;
    private final EventInbox inbox;

    public FileImport(MappingRegistry mappings, RecordMapper.Links links, JdbcTemplate jdbc, TransactionTemplate tx,
                      ObjectMapper json, SyncRuns runs, PairMetrics metrics, EventInbox inbox) {
        this.mappings = mappings;
        this.links = links;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.runs = runs;
        this.metrics = metrics;
        this.inbox = inbox;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String pair = PipelineProperties.pair(exchange);
        Mapping mapping = mappings.get(pair);
        String name = Path.of(exchange.getMessage().getHeader(Exchange.FILE_NAME, "file.csv", String.class)).getFileName().toString();
        Long modified = exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        byte[] bytes = exchange.getMessage().getMandatoryBody(byte[].class);
        Instant now = Instant.now();
        ImportedFile imported = importFile(pair, mapping, name, bytes, modified == null ? now : Instant.ofEpochMilli(modified), now);
        exchange.setProperty(IMPORTED, imported);
        exchange.setProperty(FOLDER, imported.failed() ? "failed" : "done");
    }

    ImportedFile importFile(String pair, Mapping mapping, String name, byte[] bytes, Instant modifiedAt, Instant now) throws Exception {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        long runId = runs.start(pair, KIND, TRIGGER);
        CsvTable table;
        try {
            table = CsvTable.read(bytes);
            checkHeader(mapping, table.header());
        } catch (UnreadableFileException e) {
            log.warn("{}: the file {} cannot be imported: {}", pair, name, e.getMessage());
            return new ImportedFile(runId, pair, name, sha256, now, null, e.getMessage(), Map.of(), Set.of());
        }
        runs.total(runId, table.rows().size());
        runs.advance(runId, new RunCounts(table.rows().size(), 0, 0, 0, 0, 0), null);

        Map<String, ImportedFile.RowInfo> rows = new LinkedHashMap<>();
        List<ChangeEvent> events = new ArrayList<>();
        Rows seen = new Rows();
        String prefix = sha256.substring(0, 16) + ":";
        for (CsvTable.Row row : table.rows()) {
            ChangeEvent event = event(pair, mapping, table.header(), row, prefix + row.line(),
                    Map.of("name", name, "line", row.line(), "sha256", sha256, "modifiedAt", modifiedAt.toString(),
                            "importedAt", now.toString()), now);
            ImportedFile.RowInfo info = seen.check(mapping, event, row, table.header().size(), links);
            rows.put(event.eventId(), info);
            events.add(event);
        }
        Set<String> stored;
        try {
            stored = store(pair, events, rows, now);
        } catch (RuntimeException notStored) {
            // Nothing was committed: the file stays in the folder and is imported again on a later poll.
            runs.finish(runId, dev.lockstep.runs.SyncRun.FAILED, name + ": not stored (" + notStored.getMessage()
                    + "); the file stays in the folder and is imported again");
            throw notStored;
        }
        log.info("{}: file {} ({} rows, {}, '{}'-separated): {} new, {} imported before; read and stored in {} ms", pair, name,
                table.rows().size(), table.encoding(), table.delimiter(), stored.size(), events.size() - stored.size(),
                java.time.Duration.between(now, Instant.now()).toMillis());
        return new ImportedFile(runId, pair, name, sha256, now, table, null, rows, stored);
    }

    /** The header must name exactly the columns the mapping reads. */
    static void checkHeader(Mapping mapping, List<String> header) throws UnreadableFileException {
        Set<String> expected = MappingColumns.of(mapping);
        Set<String> unknown = new TreeSet<>(header);
        unknown.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        header.forEach(missing::remove);
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            StringBuilder message = new StringBuilder("the header does not fit the mapping ")
                    .append(mapping.file().getFileName()).append(':');
            if (!unknown.isEmpty()) {
                message.append(" unknown column(s) ").append(String.join(", ", unknown)).append(';');
            }
            if (!missing.isEmpty()) {
                message.append(" missing column(s) ").append(String.join(", ", missing)).append(';');
            }
            message.append(" expected exactly ").append(String.join(", ", expected));
            throw new UnreadableFileException(message.toString());
        }
    }

    /** A row as the pair's event; its problems (if any) are found by {@link Rows#check}. */
    private static ChangeEvent event(String pair, Mapping mapping, List<String> header, CsvTable.Row row, String eventId,
                                     Map<String, Object> file, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < row.values().size(); i++) {
            String value = row.values().get(i);
            fields.put(header.get(i), value == null || value.isBlank() ? null : value);
        }
        fields.put(MappingColumns.FILE, file);
        Object id = RecordMapper.read(fields, mapping.source().id());
        String sourceId = id == null ? "" : id.toString().strip();
        Instant version = version(RecordMapper.read(fields, mapping.source().version())).orElse(now);
        boolean delete = mapping.source().deleted() != null && truthy(RecordMapper.read(fields, mapping.source().deleted()));
        return new ChangeEvent(eventId, pair, mapping.source().system(), mapping.source().entity(), sourceId,
                delete ? ChangeEvent.Operation.DELETE : ChangeEvent.Operation.UPSERT, fields, version, now);
    }

    /** ISO-8601 with an offset, or a date (midnight UTC); empty when the value is none of these. */
    static Optional<Instant> version(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.toString().strip();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static boolean truthy(Object value) {
        return value != null && Set.of("true", "yes", "y", "1", "x", "deleted").contains(value.toString().strip().toLowerCase(Locale.ROOT));
    }

    /** The rows seen so far in the file: ids and match keys, to find a row that repeats an earlier one. */
    private static final class Rows {
        private final Map<String, Long> ids = new HashMap<>();
        private final Map<List<String>, Long> matchKeys = new HashMap<>();

        ImportedFile.RowInfo check(Mapping mapping, ChangeEvent event, CsvTable.Row row, int width, RecordMapper.Links links) {
            List<Violation> problems = new ArrayList<>();
            String idColumn = mapping.source().id();
            if (row.values().size() != width) {
                problems.add(new Violation("(row)", row.values().size() + " values",
                        "line " + row.line() + " has " + row.values().size() + " value(s), the header has " + width + " column(s)"));
            }
            if (event.sourceId().isEmpty()) {
                problems.add(new Violation(idColumn, null, "line " + row.line() + " has no " + idColumn));
            }
            Object versionValue = RecordMapper.read(event.fields(), mapping.source().version());
            if (versionValue != null && version(versionValue).isEmpty()) {
                problems.add(new Violation(mapping.source().version(), versionValue,
                        "not a timestamp (ISO-8601 with an offset, e.g. 2026-11-26T10:00:00Z, or a date, 2026-11-26)"));
            }
            if (!problems.isEmpty()) {
                return new ImportedFile.RowInfo(row.line(), event.sourceId(), null, problems, null);
            }
            Long sameId = ids.putIfAbsent(event.sourceId(), row.line());
            if (sameId != null) {
                problems.add(new Violation(idColumn, event.sourceId(), "duplicate of line " + sameId + " (same " + idColumn
                        + "); line " + sameId + " is the one imported"));
                return new ImportedFile.RowInfo(row.line(), event.sourceId(), null, problems, sameId);
            }
            TargetRow target;
            try {
                target = RecordMapper.map(mapping, RecordCleaner.clean(mapping, event), links);
            } catch (RuntimeException invalid) {
                // Bad data: the pipeline quarantines it with every reason.
                return new ImportedFile.RowInfo(row.line(), event.sourceId(), null, List.of(), null);
            }
            Optional<List<String>> key = MatchKeyLinker.matchKey(mapping, target);
            if (key.isPresent()) {
                Long sameKey = matchKeys.putIfAbsent(key.get(), row.line());
                if (sameKey != null) {
                    problems.add(new Violation(String.join(", ", mapping.match()), String.join(", ", key.get()),
                            "duplicate of line " + sameKey + " (same " + String.join(" and ", mapping.match()) + "); line "
                                    + sameKey + " is the one imported"));
                    return new ImportedFile.RowInfo(row.line(), event.sourceId(), target.key(), problems, sameKey);
                }
            }
            return new ImportedFile.RowInfo(row.line(), event.sourceId(), target.key(), List.of(), null);
        }
    }

    /**
     * Stores every row's event in the inbox in one transaction: pending, or quarantined at once with
     * its problems. Returns the event ids that were new (none when this content was imported before).
     */
    private Set<String> store(String pair, List<ChangeEvent> events, Map<String, ImportedFile.RowInfo> rows, Instant now) throws Exception {
        List<String> payloads = new ArrayList<>(events.size());
        for (ChangeEvent event : events) {
            payloads.add(json.writeValueAsString(event));
        }
        Set<String> stored = new HashSet<>();
        List<ChangeEvent> quarantined = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            Map<String, Long> inserted = new HashMap<>();
            for (int from = 0; from < events.size(); from += CHUNK) {
                int to = Math.min(events.size(), from + CHUNK);
                StringBuilder sql = new StringBuilder(INSERT_HEAD);
                List<Object> args = new ArrayList<>((to - from) * 9);
                for (int i = from; i < to; i++) {
                    ChangeEvent e = events.get(i);
                    boolean bad = !rows.get(e.eventId()).problems().isEmpty();
                    sql.append(i == from ? "" : ", ").append(ROW);
                    args.add(pair);
                    args.add(e.eventId());
                    args.add(e.sourceId());
                    args.add(e.operation().name());
                    args.add(Timestamp.from(e.sourceVersion()));
                    args.add(payloads.get(i));
                    args.add(Timestamp.from(now));
                    args.add(bad ? Outcome.QUARANTINED.name() : "PENDING");
                    args.add(bad ? Timestamp.from(now) : null);
                }
                sql.append(INSERT_TAIL);
                jdbc.query(sql.toString(), rs -> {
                    inserted.put(rs.getString("event_id"), rs.getLong("id"));
                }, args.toArray());
            }
            List<Object[]> quarantine = new ArrayList<>();
            for (ChangeEvent e : events) {
                ImportedFile.RowInfo info = rows.get(e.eventId());
                Long inboxId = inserted.get(e.eventId());
                if (inboxId != null && !info.problems().isEmpty()) {
                    quarantine.add(new Object[] {pair, inboxId, e.eventId(), e.sourceId(), write(e.fields()), write(info.problems())});
                    quarantined.add(e);
                }
            }
            if (!quarantine.isEmpty()) {
                jdbc.batchUpdate(QUARANTINE, quarantine);
            }
            stored.addAll(inserted.keySet());
        });
        metrics.received(pair, stored.size(), events.size() - stored.size());
        for (ChangeEvent e : quarantined) {
            inbox.closed(pair, Outcome.QUARANTINED, now);
            log.warn("{} record {} line {} quarantined: {}", pair, e.sourceId(), rows.get(e.eventId()).line(),
                    rows.get(e.eventId()).problems());
        }
        return stored;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
