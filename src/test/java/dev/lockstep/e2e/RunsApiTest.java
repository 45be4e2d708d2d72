package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.RunRetention;
import dev.lockstep.runs.RunsController;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Run records through {@code /api/runs}: counts added page by page, the total and progress while a
 * run is going, the end state, filters, and a JSON 404 for an unknown run.
 */
class RunsApiTest extends PipelineTestSupport {

    @Autowired
    SyncRuns runs;

    @Test
    void aRunShowsItsCountsAndProgressWhileRunningAndItsEndStateAfter() throws Exception {
        String pair = "runs-api-" + System.nanoTime();
        long id = runs.start(pair, "BACKFILL", "API");
        runs.total(id, 1000);
        runs.advance(id, new RunCounts(200, 150, 40, 0, 5, 5), "cursor-1");
        runs.advance(id, new RunCounts(100, 100, 0, 1, 0, 0), null);

        JsonNode running = json.readTree(http.get("/api/runs/" + id).body());
        assertThat(running.path("status").asText()).isEqualTo(SyncRun.RUNNING);
        assertThat(running.path("counts").path("read").asLong()).isEqualTo(300);
        assertThat(running.path("counts").path("written").asLong()).isEqualTo(250);
        assertThat(running.path("counts").path("quarantined").asLong()).isEqualTo(5);
        assertThat(running.path("counts").path("conflicts").asLong()).isEqualTo(1);
        assertThat(running.path("progress").path("total").asLong()).isEqualTo(1000);
        assertThat(running.path("progress").path("percent").asDouble()).isEqualTo(30.0);
        assertThat(running.path("progress").path("etaSeconds").isNumber()).as("a running run with a total has an ETA").isTrue();
        assertThat(running.path("resumeCursor").asText()).as("a null cursor keeps the last one").isEqualTo("cursor-1");

        assertThat(http.get("/actuator/prometheus").body()).as("rows by outcome in Prometheus")
                .containsPattern("lockstep_run_rows_total\\{[^}]*outcome=\"written\",pair=\"" + pair + "\"[^}]*\\} 250.0")
                .containsPattern("lockstep_run_rows_total\\{[^}]*outcome=\"read\",pair=\"" + pair + "\"[^}]*\\} 300.0");

        runs.finish(id, SyncRun.SUCCEEDED, null);
        runs.finish(id, SyncRun.FAILED, "too late: a run ends once");
        JsonNode done = json.readTree(http.get("/api/runs/" + id).body());
        assertThat(done.path("status").asText()).isEqualTo(SyncRun.SUCCEEDED);
        assertThat(done.path("endedAt").isNull()).isFalse();
        assertThat(done.path("progress").path("etaSeconds").isNull()).isTrue();

        long other = runs.start(pair, "SYNC", "SCHEDULE");
        JsonNode list = json.readTree(http.get("/api/runs?pair=" + pair).body());
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asLong()).as("newest first").isEqualTo(other);
        JsonNode runningOnly = json.readTree(http.get("/api/runs?pair=" + pair + "&status=running").body());
        assertThat(runningOnly).hasSize(1);
        assertThat(runningOnly.get(0).path("id").asLong()).isEqualTo(other);
    }

    @Test
    void startingARunFindsThePairsRunnerAndChecksTheKind() {
        java.util.List<String> started = new java.util.ArrayList<>();
        PairRunner runner = new PairRunner() {
            public String pair() {
                return "demo-pair";
            }

            public java.util.Set<String> kinds() {
                return java.util.Set.of(PairRunner.SYNC, PairRunner.BACKFILL);
            }

            public long start(String kind, String trigger) {
                if (!started.isEmpty()) {
                    throw new IllegalStateException("a run of demo-pair is already running");
                }
                started.add(kind + "/" + trigger);
                return runs.start("demo-pair", kind, trigger);
            }
        };
        RunsController controller = new RunsController(runs, java.util.List.of(runner));

        var accepted = controller.start("demo-pair", java.util.Map.of("kind", "backfill"));
        assertThat(accepted.getStatusCode().value()).isEqualTo(202);
        assertThat(accepted.getBody()).containsEntry("kind", "BACKFILL").containsKey("run");
        assertThat(started).containsExactly("BACKFILL/API");
        assertThat(controller.start("demo-pair", null).getStatusCode().value()).as("a second run while one runs").isEqualTo(409);
        assertThat(controller.start("demo-pair", java.util.Map.of("kind", "RECONCILE")).getStatusCode().value()).isEqualTo(400);
        assertThat(controller.start("no-such-pair", null).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void retentionDeletesOldAndIdleFinishedRunsButNeverARunningOne() {
        String pair = "retention-" + System.nanoTime();
        long oldBusy = runs.start(pair, "SYNC", "SCHEDULE");
        runs.advance(oldBusy, new RunCounts(10, 10, 0, 0, 0, 0), null);
        long oldIdle = runs.start(pair, "SYNC", "SCHEDULE");
        long recentBusy = runs.start(pair, "SYNC", "SCHEDULE");
        runs.advance(recentBusy, new RunCounts(5, 5, 0, 0, 0, 0), null);
        long recentIdle = runs.start(pair, "SYNC", "SCHEDULE");
        long ancientRunning = runs.start(pair, "BACKFILL", "API");
        for (long id : new long[] {oldBusy, oldIdle, recentBusy, recentIdle}) {
            runs.finish(id, SyncRun.SUCCEEDED, null);
        }
        lockstep.update("UPDATE sync_run SET started_at = now() - interval '40 days', ended_at = now() - interval '40 days' WHERE id = ?", oldBusy);
        lockstep.update("UPDATE sync_run SET started_at = now() - interval '2 days', ended_at = now() - interval '2 days' WHERE id = ?", oldIdle);
        lockstep.update("UPDATE sync_run SET started_at = now() - interval '2 days', ended_at = now() - interval '2 days' WHERE id IN (?, ?)",
                recentBusy, recentIdle);
        lockstep.update("UPDATE sync_run SET started_at = now() - interval '90 days' WHERE id = ?", ancientRunning);
        // recentIdle: 2 days old, idle; recentBusy: 2 days old, busy. Only the busy one outlives the 1-day idle retention.
        new RunRetention(lockstep.getDataSource(), java.time.Duration.ofDays(30), java.time.Duration.ofDays(1)).sweep();

        assertThat(runs.list(pair, null, 10)).extracting(SyncRun::id).containsExactlyInAnyOrder(recentBusy, ancientRunning);
    }

    @Test
    void aPairShowsItsLastRunWithItsProgress() throws Exception {
        long id = runs.start("crm-to-billing", "RECONCILE", "API");
        runs.advance(id, new RunCounts(7, 0, 7, 0, 0, 0), null);
        try {
            JsonNode pair = json.readTree(http.get("/api/pairs/crm-to-billing").body());
            assertThat(pair.path("lastRun").path("id").asLong()).isEqualTo(id);
            assertThat(pair.path("lastRun").path("progress").path("done").asLong()).isEqualTo(7);
            JsonNode all = json.readTree(http.get("/api/pairs").body());
            assertThat(all.findValues("lastRun")).anySatisfy(r -> assertThat(r.path("id").asLong()).isEqualTo(id));
        } finally {
            runs.finish(id, SyncRun.SUCCEEDED, null);
        }
    }

    @Test
    void anUnknownRunIsAJson404() {
        var response = http.get("/api/runs/999999999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("no run 999999999");
    }
}
