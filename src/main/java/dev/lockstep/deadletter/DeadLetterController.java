package dev.lockstep.deadletter;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/dead-letters}: list, inspect, replay and discard dead letters. */
@RestController
@RequestMapping("/api/dead-letters")
public class DeadLetterController {

    private final DeadLetters deadLetters;

    public DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /**
     * Dead letters, newest first. {@code minAge} / {@code maxAge} are ISO-8601 durations counted from
     * the first failure: {@code ?pair=crm-to-billing&status=open&minAge=PT1H} is every open dead
     * letter of that pair older than an hour.
     */
    @GetMapping
    public List<DeadLetters.DeadLetter> list(@RequestParam(required = false) String pair,
                                             @RequestParam(required = false) String status,
                                             @RequestParam(required = false) java.time.Duration minAge,
                                             @RequestParam(required = false) java.time.Duration maxAge,
                                             @RequestParam(defaultValue = "100") int limit) {
        return deadLetters.list(new DeadLetters.Filter(pair, status == null ? null : status.toUpperCase(), minAge, maxAge),
                Math.max(1, Math.min(limit, 1000)));
    }

    /** Replays every open dead letter matching the filter, oldest first (at most {@code limit}). */
    @PostMapping("/replay")
    public ResponseEntity<?> replayAll(@RequestParam(required = false) String pair,
                                       @RequestParam(required = false) java.time.Duration minAge,
                                       @RequestParam(required = false) java.time.Duration maxAge,
                                       @RequestParam(defaultValue = "1000") int limit) {
        List<Long> ids = deadLetters.replayAll(new DeadLetters.Filter(pair, null, minAge, maxAge), Math.max(1, Math.min(limit, 10_000)));
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("replayed", ids.size());
        answer.put("ids", ids);
        return ResponseEntity.accepted().body(answer);
    }

    @GetMapping("/{id}")
    public ResponseEntity<?> get(@PathVariable long id) {
        return deadLetters.get(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound(id));
    }

    /** 202: the event is back in its pipeline; 409: already replayed or discarded; 404: no such dead letter. */
    @PostMapping("/{id}/replay")
    public ResponseEntity<?> replay(@PathVariable long id) {
        return switch (deadLetters.replay(id)) {
            case DONE -> ResponseEntity.accepted().body(answer(id, "replaying"));
            case NOT_OPEN -> ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("error", "dead letter " + id + " is not open (already replayed or discarded)"));
            case NOT_FOUND -> notFound(id);
        };
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<?> discard(@PathVariable long id) {
        return switch (deadLetters.discard(id)) {
            case DONE -> ResponseEntity.ok(answer(id, "discarded"));
            case NOT_OPEN -> ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("error", "dead letter " + id + " is not open (already replayed or discarded)"));
            case NOT_FOUND -> notFound(id);
        };
    }

    /** Ordered, so the answer reads the same every time. */
    private static Map<String, Object> answer(long id, String status) {
        Map<String, Object> answer = new java.util.LinkedHashMap<>();
        answer.put("id", id);
        answer.put("status", status);
        return answer;
    }

    private static ResponseEntity<?> notFound(long id) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no dead letter " + id));
    }
}
