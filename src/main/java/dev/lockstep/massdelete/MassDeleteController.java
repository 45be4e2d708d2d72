package dev.lockstep.massdelete;

import dev.lockstep.massdelete.MassDeleteHolds.Hold;
import dev.lockstep.twoway.TwoWayChanges;
import dev.lockstep.twoway.TwoWayResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Held mass deletes. {@code GET /api/mass-deletes} ({@code ?status=held}, {@code ?pair=});
 * {@code POST /api/mass-deletes/{id}/approve} applies the deletes to the other system (per the
 * pair's delete policy); {@code POST /api/mass-deletes/{id}/reject} restores the records on the
 * system that deleted them, from the other system. Both answer once every record is done.
 */
@RestController
@RequestMapping("/api/mass-deletes")
public class MassDeleteController {

    private static final Logger log = LoggerFactory.getLogger(MassDeleteController.class);

    private final MassDeleteHolds holds;
    private final TwoWayResolver resolver;
    private final TwoWayChanges changes;

    public MassDeleteController(MassDeleteHolds holds, TwoWayResolver resolver, TwoWayChanges changes) {
        this.holds = holds;
        this.resolver = resolver;
        this.changes = changes;
    }

    @GetMapping
    public List<Hold> list(@RequestParam(required = false) String status, @RequestParam(required = false) String pair) {
        return holds.list(status == null ? null : status.toUpperCase(Locale.ROOT), pair);
    }

    @GetMapping("/{id}")
    public ResponseEntity<?> get(@PathVariable long id) {
        return holds.get(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElse(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no mass-delete hold " + id)));
    }

    @PostMapping("/{id}/approve")
    public ResponseEntity<Map<String, Object>> approve(@PathVariable long id) {
        return decide(id, "APPROVED", Set.of());
    }

    @PostMapping("/{id}/reject")
    public ResponseEntity<Map<String, Object>> reject(@PathVariable long id) {
        return decide(id, "REJECTED", null);
    }

    private ResponseEntity<Map<String, Object>> decide(long id, String status, Set<String> restoreOn) {
        Hold hold = holds.get(id).orElse(null);
        if (hold == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no mass-delete hold " + id));
        }
        if (!holds.decide(id, status)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "hold " + id + " is " + hold.status() + ", not HELD"));
        }
        Set<String> restore = restoreOn == null ? Set.of(hold.system()) : restoreOn;
        int done = 0;
        for (String key : hold.keys()) {
            try {
                resolveWithRetries(hold.pair(), key, restore);
                done++;
            } catch (RuntimeException e) {
                // The pipeline retries it; a rejected delete is then seen as a delete again, so only approvals go there.
                log.warn("{} {}: not resolved now ({}){}", hold.pair(), key, e.getMessage(),
                        restore.isEmpty() ? "; handed to the pipeline" : "");
                if (restore.isEmpty()) {
                    changes.submit(hold.pair(), key, "mass-delete-" + id);
                }
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("status", status);
        answer.put("records", hold.keys().size());
        answer.put("resolved", done);
        answer.put("failed", hold.keys().size() - done);
        return ResponseEntity.ok(answer);
    }

    /** A system changing the record meanwhile makes the write refuse; read again and retry a few times. */
    private void resolveWithRetries(String pair, String key, Set<String> restore) {
        for (int attempt = 1; ; attempt++) {
            try {
                resolver.resolve(pair, key, restore);
                return;
            } catch (dev.lockstep.twoway.ConcurrentChangeException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
