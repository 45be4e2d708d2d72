package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Shutting down under load (what SIGTERM does: Spring closes the context): webhooks get 503 with
 * Retry-After during the refuse period, everything answered 202 is processed exactly once (before
 * the stop or after the restart), and nothing refused is stored.
 */
class GracefulShutdownTest {

    @Test
    void underLoadEveryAcceptedEventSurvivesAndRefusedOnesAre503AndNotStored() throws Exception {
        TestDatabases pg = TestDatabases.get();
        String stateUrl = pg.createDatabase("lockstep_test");
        String billingUrl = pg.createDatabase("billing_test");
        JdbcTemplate state = new JdbcTemplate(new DriverManagerDataSource(stateUrl, pg.user(), pg.password()));
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        Map<String, String> retryAfter = new ConcurrentHashMap<>();
        Map<String, String> unexpected = new ConcurrentHashMap<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicBoolean closing = new AtomicBoolean(false);
        ExecutorService clients = Executors.newFixedThreadPool(8);

        ConfigurableApplicationContext app = LockstepProcess.start(stateUrl, billingUrl, "lockstep.shutdown.refuse-period=1500ms");
        Http http = new Http(LockstepProcess.port(app));
        for (int c = 0; c < 8; c++) {
            clients.submit(() -> {
                while (sending.get()) {
                    String eventId = uniqueId("s");
                    try {
                        HttpResponse<String> r = http.postJson("/webhooks/crm/contacts",
                                contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"));
                        boolean fromLockstep = r.body().startsWith("{");
                        if (!fromLockstep && closing.get()) {
                            // Tomcat itself, closing a connection caught mid-request at the very end
                            // (an HTML 400 or a reset): the request never reached Lockstep.
                            answers.put(eventId, -1);
                            continue;
                        }
                        answers.put(eventId, r.statusCode());
                        if (r.statusCode() != 202 && r.statusCode() != 503) {
                            unexpected.put(eventId, r.statusCode() + " " + r.body());
                        }
                        r.headers().firstValue("Retry-After").ifPresent(v -> retryAfter.put(eventId, v));
                    } catch (RuntimeException refused) {
                        answers.put(eventId, -1); // connection refused once the server stopped
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> answers.values().stream().filter(s -> s == 202).count() >= 100);
        closing.set(true);
        app.close(); // what the JVM's SIGTERM hook does
        sending.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<String> accepted = answers.entrySet().stream().filter(e -> e.getValue() == 202).map(Map.Entry::getKey).toList();
        List<String> refused = answers.entrySet().stream().filter(e -> e.getValue() == 503).map(Map.Entry::getKey).toList();
        System.out.printf("[lockstep-test] shutdown under load: %d accepted, %d answered 503, %d refused connections%n",
                accepted.size(), refused.size(), answers.values().stream().filter(s -> s == -1).count());
        assertThat(refused).as("webhooks arriving during the refuse period get 503").isNotEmpty();
        assertThat(refused).allSatisfy(id -> assertThat(retryAfter).containsKey(id));
        assertThat(unexpected).as("answers other than 202 and 503").isEmpty();

        try (ConfigurableApplicationContext restarted = LockstepProcess.start(stateUrl, billingUrl)) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    state.queryForObject("SELECT count(*) FROM inbox_event WHERE status = 'PENDING'", Integer.class) == 0);
        }
        Map<String, String> stored = new ConcurrentHashMap<>();
        state.query("SELECT event_id, status FROM inbox_event", rs -> {
            stored.put(rs.getString(1), rs.getString(2));
        });
        assertThat(stored.keySet()).containsAll(accepted);
        assertThat(accepted).allSatisfy(id -> assertThat(stored.get(id)).isEqualTo("APPLIED"));
        assertThat(stored.keySet()).doesNotContainAnyElementsOf(refused);
    }
}
