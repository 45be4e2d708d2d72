package dev.lockstep.runs;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * Runs, newest first: {@code GET /api/runs} ({@code ?pair=}, {@code ?status=running}, {@code ?limit=};
 * {@code ?latestPerPair=true}: the newest run of each pair)
 * and {@code GET /api/runs/{id}}. Each run carries its progress as well as its counts: rows done, the
 * total when known, rows per second so far and, for a running run with a total, the estimated time left.
 * {@code POST /api/pairs/{pair}/runs} with {@code {"kind": "SYNC" | "BACKFILL" | "RECONCILE"}} starts a
 * run of a pair that offers that kind (202 with the run's id and where to follow it).
 */
@RestController
@RequestMapping("/api")
public class RunsController {

    private final SyncRuns runs;
    private final List<PairRunner> runners;

    public RunsController(SyncRuns runs, List<PairRunner> runners) {
        this.runs = runs;
        this.runners = runners;
    }

    @PostMapping("/pairs/{pair}/runs")
    public ResponseEntity<Map<String, Object>> start(@PathVariable String pair,
                                                     @RequestBody(required = false) Map<String, Object> body) {
        Optional<PairRunner> runner = runners.stream().filter(r -> r.pair().equals(pair)).findFirst();
        if (runner.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(Map.of("error", "pair " + pair + " has no on-demand runs (it is unknown, off, or event-driven)"));
        }
        Object asked = body == null ? null : body.get("kind");
        String kind = asked == null ? PairRunner.SYNC : asked.toString().toUpperCase(Locale.ROOT);
        if (!runner.get().kinds().contains(kind)) {
            return ResponseEntity.badRequest().body(Map.of("error",
                    "pair " + pair + " offers runs of kind " + runner.get().kinds() + ", not " + asked));
        }
        try {
            long id = runner.get().start(kind, "API");
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("id", id, "pair", pair, "kind", kind, "run", "/api/runs/" + id));
        } catch (IllegalStateException busy) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", busy.getMessage()));
        }
    }

    @GetMapping("/runs")
    public List<Map<String, Object>> list(@RequestParam(required = false) String pair,
                                          @RequestParam(required = false) String status,
                                          @RequestParam(defaultValue = "50") int limit,
                                          @RequestParam(defaultValue = "false") boolean latestPerPair) {
        if (latestPerPair) {
            // One run per pair, its newest: a frequent poll's runs do not hide a nightly job's last one.
            return runs.latestPerPair().stream().map(r -> view(r, Instant.now())).toList();
        }
        return runs.list(pair, status == null ? null : status.toUpperCase(Locale.ROOT), Math.max(1, Math.min(limit, 1000)))
                .stream().map(r -> view(r, Instant.now())).toList();
    }

    @GetMapping("/runs/{id}")
    public ResponseEntity<?> get(@PathVariable long id) {
        return runs.find(id).<ResponseEntity<?>>map(r -> ResponseEntity.ok(view(r, Instant.now())))
                .orElse(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no run " + id)));
    }

    /** The run with its progress figures. */
    public static Map<String, Object> view(SyncRun run, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", run.id());
        view.put("pair", run.pair());
        view.put("kind", run.kind());
        view.put("trigger", run.trigger());
        view.put("status", run.status());
        view.put("startedAt", run.startedAt());
        view.put("endedAt", run.endedAt());
        view.put("heartbeatAt", run.heartbeatAt());
        view.put("counts", run.counts());
        view.put("progress", RunProgress.of(run, now));
        view.put("resumeCursor", run.resumeCursor());
        view.put("message", run.message());
        return view;
    }
}
