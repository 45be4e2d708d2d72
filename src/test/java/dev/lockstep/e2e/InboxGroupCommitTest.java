package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Acceptance under concurrency: many requests share one commit, each is answered only after its
 * own event is committed, and the same event sent concurrently is stored once.
 */
class InboxGroupCommitTest {

    static ConfigurableApplicationContext app;
    static JdbcTemplate state;
    static JdbcTemplate admin;
    static String stateDb;
    static Http http;
    static ExecutorService clients;

    @BeforeAll
    static void start() throws Exception {
        TestDatabases pg = TestDatabases.get();
        String stateUrl = pg.createDatabase("lockstep_test");
        stateDb = stateUrl.substring(stateUrl.lastIndexOf('/') + 1).split("\\?")[0];
        app = LockstepProcess.start(stateUrl, pg.createDatabase("billing_test"),
                "lockstep.inbox.max-group=" + System.getProperty("lockstep.test.max-group", "500"));
        // Only acceptance is measured here: the pipeline would add commits of its own.
        app.getBean(CamelContext.class).getRouteController().stopRoute("crm-to-billing");
        app.getBean(CamelContext.class).getRouteController().stopRoute("storefront-and-warehouse-poll");
        state = new JdbcTemplate(new DriverManagerDataSource(stateUrl, pg.user(), pg.password()));
        http = new Http(LockstepProcess.port(app));
        clients = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        app.close();
    }

    @Test
    void concurrentRequestsShareCommitsAndEveryAcceptedEventIsStoredOnce() throws Exception {
        int events = 400;
        long commitsBefore = commits();
        List<Future<Integer>> answers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            String eventId = uniqueId("g");
            ids.add(eventId);
            String body = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
            answers.add(clients.submit(() -> http.postJson("/webhooks/crm/contacts", body).statusCode()));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(202);
        }
        long commits = commits() - commitsBefore;

        assertThat(state.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ANY(?)", Integer.class,
                (Object) ids.toArray(String[]::new))).isEqualTo(events);
        System.out.printf("[lockstep-test] %d concurrent webhooks (16 clients) were committed in %d transactions%n", events, commits);
        assertThat(commits).as("transactions for %d events", events).isLessThan(events / 2);
    }

    @Test
    void theSameEventSentFiveTimesConcurrentlyIsStoredOnceAndAnsweredAsADuplicateFourTimes() throws Exception {
        String eventId = uniqueId("d");
        String body = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        List<Callable<String>> sends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sends.add(() -> {
                var response = http.postJson("/webhooks/crm/contacts", body);
                return response.statusCode() + " " + response.body();
            });
        }
        List<String> results = new ArrayList<>();
        for (Future<String> f : clients.invokeAll(sends)) {
            results.add(f.get());
        }

        assertThat(results).allSatisfy(r -> assertThat(r).startsWith("202"));
        assertThat(results.stream().filter(r -> r.contains("\"accepted\"")).count()).isEqualTo(1);
        assertThat(results.stream().filter(r -> r.contains("\"duplicate\"")).count()).isEqualTo(4);
        assertThat(state.queryForObject("SELECT count(*) FROM inbox_event WHERE event_id = ?", Integer.class, eventId)).isEqualTo(1);
    }

    static long commits() throws InterruptedException {
        // Backends publish their statistics when idle, at most about once a second.
        Thread.sleep(2000);
        state.execute("SELECT pg_stat_clear_snapshot()");
        return state.queryForObject("SELECT xact_commit FROM pg_stat_database WHERE datname = ?", Long.class, stateDb);
    }
}
