package dev.lockstep.filedrop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.sql.Array;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The report step of a file-drop route: waits until the pair's pipeline has decided every row
 * {@link FileImport} stored (at most {@code lockstep.file-import.report-timeout}), finishes the
 * file's run with its counts, and leaves the report (JSON) as the body for the route to write next
 * to the file: rows read, written, unchanged, duplicates in the file and against the target,
 * quarantined rows with their lines and reasons, failures.
 */
@Component("fileImportReport")
public class FileImportReport implements Processor {

    private static final Logger log = LoggerFactory.getLogger(FileImportReport.class);

    /** What the pipeline decided for a row, in the report's words. */
    enum Kind { WRITTEN, UNCHANGED, QUARANTINED, FAILED, HELD, PENDING }

    private static final String STATUSES = "SELECT event_id, status FROM inbox_event WHERE pair = ? AND event_id = ANY(?)";
    private static final String QUARANTINED = """
            SELECT event_id, reasons::text AS reasons FROM quarantine WHERE pair = ? AND event_id = ANY(?) ORDER BY id""";
    private static final String DEAD_LETTERS = """
            SELECT event_id, exception_message FROM dead_letter WHERE pair = ? AND event_id = ANY(?)""";
    private static final String LINKS = "SELECT source_id, target_id FROM sync_record WHERE pair = ? AND source_id = ANY(?)";

    private final JdbcTemplate jdbc;
    private final SyncRuns runs;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Duration pollEvery;

    public FileImportReport(JdbcTemplate jdbc, SyncRuns runs, ObjectMapper json,
                            @Value("${lockstep.file-import.report-timeout:10m}") Duration timeout,
                            @Value("${lockstep.file-import.report-poll:200ms}") Duration pollEvery) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.json = json;
        this.timeout = timeout;
        this.pollEvery = pollEvery;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ImportedFile file = exchange.getProperty(FileImport.IMPORTED, ImportedFile.class);
        Map<String, Object> report = report(file);
        exchange.getMessage().setBody(json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    Map<String, Object> report(ImportedFile file) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", file.name());
        report.put("pair", file.pair());
        report.put("sha256", file.sha256());
        report.put("run", file.runId());
        if (file.failed()) {
            report.put("status", "FAILED");
            report.put("error", file.error());
            report.put("rowsRead", 0);
            runs.finish(file.runId(), SyncRun.FAILED, file.name() + ": " + file.error());
            finish(report, file);
            return report;
        }
        report.put("encoding", file.table().encoding());
        report.put("delimiter", String.valueOf(file.table().delimiter()));
        report.put("columns", file.table().header());

        List<String> fresh = file.rows().keySet().stream().filter(file.newEvents()::contains).toList();
        Map<String, Kind> decided = waitForDecisions(file, fresh);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        decided.values().forEach(kind -> counts.merge(kind, 1, Integer::sum));

        report.put("status", counts.get(Kind.PENDING) > 0 ? "INCOMPLETE" : "DONE");
        report.put("rowsRead", file.rows().size());
        report.put("alreadyImported", file.rows().size() - fresh.size());
        report.put("written", counts.get(Kind.WRITTEN));
        report.put("unchanged", counts.get(Kind.UNCHANGED));
        report.put("quarantined", counts.get(Kind.QUARANTINED));
        report.put("failed", counts.get(Kind.FAILED));
        report.put("held", counts.get(Kind.HELD));
        report.put("pending", counts.get(Kind.PENDING));
        report.put("duplicates", duplicates(file, decided));
        report.put("quarantinedRows", quarantinedRows(file, fresh));
        report.put("failedRows", failedRows(file, fresh));
        if (fresh.isEmpty() && !file.rows().isEmpty()) {
            report.put("message", "this content was imported before (same SHA-256): nothing was changed");
        }
        String message = file.name() + ": " + counts.get(Kind.WRITTEN) + " written, " + counts.get(Kind.UNCHANGED) + " unchanged, "
                + counts.get(Kind.QUARANTINED) + " quarantined, " + counts.get(Kind.FAILED) + " failed"
                + (fresh.size() < file.rows().size() ? ", " + (file.rows().size() - fresh.size()) + " imported before" : "");
        if (counts.get(Kind.PENDING) > 0) {
            runs.finish(file.runId(), SyncRun.INTERRUPTED, message + "; " + counts.get(Kind.PENDING)
                    + " still pending after " + timeout + " (they are applied when the pair runs; see the inbox)");
        } else {
            runs.finish(file.runId(), SyncRun.SUCCEEDED, message);
        }
        finish(report, file);
        log.info("{} {}", file.pair(), message);
        return report;
    }

    private static void finish(Map<String, Object> report, ImportedFile file) {
        Instant now = Instant.now();
        report.put("startedAt", file.startedAt().toString());
        report.put("finishedAt", now.toString());
        report.put("seconds", Duration.between(file.startedAt(), now).toMillis() / 1000.0);
    }

    /** Polls the rows' inbox status until none is pending (or the timeout), adding progress to the run. */
    private Map<String, Kind> waitForDecisions(ImportedFile file, List<String> eventIds) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<Kind, Integer> counted = new EnumMap<>(Kind.class);
        while (true) {
            Map<String, Kind> decided = new HashMap<>();
            query(STATUSES, file.pair(), eventIds, rs -> {
                decided.put(rs.getString("event_id"), kind(rs.getString("status")));
            });
            Map<Kind, Integer> now = new EnumMap<>(Kind.class);
            decided.values().forEach(kind -> now.merge(kind, 1, Integer::sum));
            runs.advance(file.runId(), new RunCounts(0, delta(now, counted, Kind.WRITTEN), delta(now, counted, Kind.UNCHANGED), 0,
                    delta(now, counted, Kind.QUARANTINED), delta(now, counted, Kind.FAILED)), null);
            counted = now;
            if (!now.containsKey(Kind.PENDING) || Instant.now().isAfter(deadline)) {
                return decided;
            }
            Thread.sleep(pollEvery.toMillis());
        }
    }

    private static long delta(Map<Kind, Integer> now, Map<Kind, Integer> before, Kind kind) {
        return now.getOrDefault(kind, 0) - before.getOrDefault(kind, 0);
    }

    static Kind kind(String status) {
        return switch (status) {
            case "APPLIED" -> Kind.WRITTEN;
            case "UNCHANGED", "STALE" -> Kind.UNCHANGED;
            case "QUARANTINED" -> Kind.QUARANTINED;
            case "DEAD_LETTERED" -> Kind.FAILED;
            case "HELD" -> Kind.HELD;
            default -> Kind.PENDING;
        };
    }

    /**
     * Rows repeating an earlier row of the file (quarantined at import), and rows matching a target
     * record that already existed: linked to it instead of creating a second one, or quarantined when
     * that record is already another source record's.
     */
    private Map<String, Object> duplicates(ImportedFile file, Map<String, Kind> decided) throws Exception {
        List<Map<String, Object>> inFile = new ArrayList<>();
        file.rows().forEach((eventId, row) -> {
            if (row.duplicateOfLine() != null && decided.containsKey(eventId)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("line", row.line());
                entry.put("id", row.sourceId());
                entry.put("duplicateOfLine", row.duplicateOfLine());
                entry.put("reason", row.problems().get(0).reason());
                inFile.add(entry);
            }
        });
        Map<String, ImportedFile.RowInfo> bySource = new HashMap<>();
        file.rows().forEach((eventId, row) -> {
            Kind kind = decided.get(eventId);
            if ((kind == Kind.WRITTEN || kind == Kind.UNCHANGED) && row.targetKey() != null) {
                bySource.put(row.sourceId(), row);
            }
        });
        List<Map<String, Object>> target = new ArrayList<>();
        query(LINKS, file.pair(), new ArrayList<>(bySource.keySet()), rs -> {
            ImportedFile.RowInfo row = bySource.get(rs.getString("source_id"));
            if (!rs.getString("target_id").equals(row.targetKey())) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("line", row.line());
                entry.put("id", row.sourceId());
                entry.put("targetRecord", rs.getString("target_id"));
                entry.put("action", "linked");
                entry.put("reason", "matches existing record " + rs.getString("target_id")
                        + " by the mapping's match key: updated, not created twice");
                target.add(entry);
            }
        });
        for (Map<String, Object> row : quarantinedRows(file, new ArrayList<>(decided.keySet()))) {
            for (JsonNode reason : (JsonNode) row.get("reasons")) {
                if (reason.path("reason").asText().startsWith("duplicate of source record")) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("line", row.get("line"));
                    entry.put("id", row.get("id"));
                    entry.put("action", "quarantined");
                    entry.put("reason", reason.path("reason").asText());
                    target.add(entry);
                }
            }
        }
        target.sort(java.util.Comparator.comparingLong(entry -> ((Number) entry.get("line")).longValue()));
        Map<String, Object> duplicates = new LinkedHashMap<>();
        duplicates.put("inFile", inFile);
        duplicates.put("target", target);
        return duplicates;
    }

    /** Every quarantined row of this drop, in line order, with its reasons. */
    private List<Map<String, Object>> quarantinedRows(ImportedFile file, List<String> eventIds) throws Exception {
        Map<String, JsonNode> reasons = new HashMap<>();
        query(QUARANTINED, file.pair(), eventIds, rs -> {
            try {
                reasons.put(rs.getString("event_id"), json.readTree(rs.getString("reasons")));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        return byLine(file, reasons, "reasons");
    }

    /** Every dead-lettered row of this drop, with the cause. */
    private List<Map<String, Object>> failedRows(ImportedFile file, List<String> eventIds) {
        Map<String, String> causes = new HashMap<>();
        query(DEAD_LETTERS, file.pair(), eventIds, rs -> {
            causes.put(rs.getString("event_id"), rs.getString("exception_message"));
        });
        return byLine(file, causes, "reason");
    }

    /** One entry per row of the file found in {@code found} (by event id), in line order: line, id, and the value found. */
    private static List<Map<String, Object>> byLine(ImportedFile file, Map<String, ?> found, String key) {
        List<Map<String, Object>> rows = new ArrayList<>();
        file.rows().forEach((eventId, row) -> {
            if (found.containsKey(eventId)) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("line", row.line());
                entry.put("id", row.sourceId());
                entry.put(key, found.get(eventId));
                rows.add(entry);
            }
        });
        return rows;
    }

    /** Runs a query whose second parameter is a text array (one round trip for any number of rows). */
    private void query(String sql, String pair, List<String> values, org.springframework.jdbc.core.RowCallbackHandler handler) {
        if (values.isEmpty()) {
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            Array array = connection.createArrayOf("text", values.toArray());
            try (var statement = connection.prepareStatement(sql)) {
                statement.setString(1, pair);
                statement.setArray(2, array);
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        handler.processRow(rs);
                    }
                }
            } finally {
                array.free();
            }
            return null;
        });
    }
}
