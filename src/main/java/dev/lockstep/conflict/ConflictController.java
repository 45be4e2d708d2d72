package dev.lockstep.conflict;

import dev.lockstep.conflict.ConflictStore.Conflict;
import dev.lockstep.twoway.TwoWayChanges;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The conflicts of two-way pairs. {@code GET /api/conflicts} lists them newest first
 * ({@code ?status=open} is the review queue; {@code decided}, {@code resolved}, {@code applied};
 * {@code ?pair=}, {@code ?key=}). {@code POST /api/conflicts/{id}/resolve} picks the value of an open
 * manual conflict — {@code {"value": "..."}} or {@code {"winner": "<system>"}} for that system's
 * value — and the record is then resolved again and written to both sides.
 */
@RestController
@RequestMapping("/api/conflicts")
public class ConflictController {

    private final ConflictStore conflicts;
    private final TwoWayChanges changes;

    public ConflictController(ConflictStore conflicts, TwoWayChanges changes) {
        this.conflicts = conflicts;
        this.changes = changes;
    }

    @GetMapping
    public List<Conflict> list(@RequestParam(required = false) String status, @RequestParam(required = false) String pair,
                               @RequestParam(required = false) String key, @RequestParam(defaultValue = "100") int limit) {
        return conflicts.list(status == null ? null : status.toUpperCase(Locale.ROOT), pair, key, Math.max(1, Math.min(limit, 1000)));
    }

    @GetMapping("/{id}")
    public ResponseEntity<?> get(@PathVariable long id) {
        return conflicts.get(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElse(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no conflict " + id)));
    }

    @PostMapping("/{id}/resolve")
    public ResponseEntity<Map<String, Object>> resolve(@PathVariable long id, @RequestBody(required = false) Map<String, Object> body) {
        Conflict c = conflicts.get(id).orElse(null);
        if (c == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no conflict " + id));
        }
        if (!ConflictStore.OPEN.equals(c.status())) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "conflict " + id + " is " + c.status() + ", not OPEN"));
        }
        boolean hasValue = body != null && body.containsKey("value");
        Object winner = body == null ? null : body.get("winner");
        if (hasValue == (winner != null)) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "give either {\"value\": ...} or {\"winner\": \"" + c.leftSystem() + "\" or \"" + c.rightSystem() + "\"}"));
        }
        String value;
        String chosenBy;
        if (hasValue) {
            Object v = body.get("value");
            value = v == null ? null : v.toString();
            chosenBy = "person";
        } else if (c.leftSystem().equals(winner)) {
            value = c.leftValue();
            chosenBy = "person";
        } else if (c.rightSystem().equals(winner)) {
            value = c.rightValue();
            chosenBy = "person";
        } else {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "winner must be " + c.leftSystem() + " or " + c.rightSystem() + ", not " + winner));
        }
        if (!conflicts.resolve(id, value, chosenBy)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "conflict " + id + " is no longer OPEN"));
        }
        changes.submit(c.pair(), c.key(), "conflict-" + id);
        java.util.Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("id", id);
        answer.put("status", ConflictStore.RESOLVED);
        answer.put("value", value);
        return ResponseEntity.accepted().body(answer);
    }
}
