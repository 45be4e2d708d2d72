package dev.lockstep.ops;

import dev.lockstep.quarantine.QuarantineStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What happened to each accepted event ({@code GET /api/events/{pair}/{eventId}}) and to each
 * record ({@code GET /api/records/{pair}/{sourceId}}), and the quarantine ({@code GET /api/quarantine}).
 */
@RestController
public class EventsController {

    private static final String EVENT = """
            SELECT id, pair, event_id, source_id, operation, source_version, status, received_at, processed_at
            FROM inbox_event WHERE pair = ? AND event_id = ?""";
    private static final String RECORD_EVENTS = """
            SELECT event_id, operation, source_version, status, received_at, processed_at
            FROM inbox_event WHERE pair = ? AND source_id = ? ORDER BY id""";
    private static final String RECORD_LEDGER = """
            SELECT target_id, source_version, content_hash, deleted, last_event_id, synced_at
            FROM sync_record WHERE pair = ? AND source_id = ?""";

    private final JdbcTemplate jdbc;
    private final QuarantineStore quarantine;

    public EventsController(JdbcTemplate jdbc, QuarantineStore quarantine) {
        this.jdbc = jdbc;
        this.quarantine = quarantine;
    }

    @GetMapping("/api/events/{pair}/{eventId}")
    public ResponseEntity<?> event(@PathVariable String pair, @PathVariable String eventId) {
        List<Map<String, Object>> rows = jdbc.queryForList(EVENT, pair, eventId);
        return rows.isEmpty()
                ? ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no event " + eventId + " in pair " + pair))
                : ResponseEntity.ok(rows.get(0));
    }

    @GetMapping("/api/records/{pair}/{sourceId}")
    public Map<String, Object> record(@PathVariable String pair, @PathVariable String sourceId) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pair", pair);
        answer.put("sourceId", sourceId);
        answer.put("ledger", jdbc.queryForList(RECORD_LEDGER, pair, sourceId).stream().findFirst().orElse(null));
        answer.put("events", jdbc.queryForList(RECORD_EVENTS, pair, sourceId));
        return answer;
    }

    @GetMapping("/api/quarantine")
    public List<Map<String, Object>> quarantine(@RequestParam(required = false) String pair,
                                                @RequestParam(required = false) String status,
                                                @RequestParam(defaultValue = "100") int limit) {
        if (status != null && !List.of("OPEN", "RELEASED", "DISCARDED").contains(status.toUpperCase())) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    "status must be OPEN, RELEASED or DISCARDED, not '" + status + "'");
        }
        return quarantine.list(pair, status == null ? null : status.toUpperCase(), Math.max(1, Math.min(limit, 1000)));
    }

    /** Sends a quarantined record's original event through its pipeline again (after fixing the data or the mapping). */
    @org.springframework.web.bind.annotation.PostMapping("/api/quarantine/{id}/release")
    public org.springframework.http.ResponseEntity<Map<String, Object>> release(@org.springframework.web.bind.annotation.PathVariable long id) {
        return answer(id, quarantine.release(id), "RELEASED");
    }

    @org.springframework.web.bind.annotation.DeleteMapping("/api/quarantine/{id}")
    public org.springframework.http.ResponseEntity<Map<String, Object>> discard(@org.springframework.web.bind.annotation.PathVariable long id) {
        return answer(id, quarantine.discard(id), "DISCARDED");
    }

    private static org.springframework.http.ResponseEntity<Map<String, Object>> answer(long id, QuarantineStore.Change change, String status) {
        return switch (change) {
            case DONE -> org.springframework.http.ResponseEntity.accepted().body(Map.of("id", id, "status", status));
            case NOT_FOUND -> throw new ApiErrors.NotFound("no quarantine entry " + id);
            case NOT_OPEN -> throw new ApiErrors.Conflict("quarantine entry " + id + " is not open (already released or discarded)");
        };
    }
}
