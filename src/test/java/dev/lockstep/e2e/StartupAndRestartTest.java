package dev.lockstep.e2e;

import static dev.lockstep.support.TextLines.position;
import static dev.lockstep.support.TextLines.topLevelLineOf;
import static dev.lockstep.support.TextLines.lineOf;
import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lockstep.check.InvalidRouteFilesException;
import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Start-up checks, and a restart that finishes events accepted before it. */
class StartupAndRestartTest {

    @TempDir
    Path temp;

    @Test
    void eventsAcceptedButNotProcessedBeforeAStopAreProcessedOnceAfterRestart() throws Exception {
        TestDatabases pg = TestDatabases.get();
        String state = pg.createDatabase("lockstep_test");
        String billing = pg.createDatabase("billing_test");
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();

        try (ConfigurableApplicationContext first = LockstepProcess.start(state, billing)) {
            // Stand-in for a crash right after the answer: nothing after the inbox runs.
            first.getBean(CamelContext.class).getRouteController().stopRoute("crm-to-billing");
            Http http = new Http(LockstepProcess.port(first));
            for (int i = 0; i < 5; i++) {
                String id = uniqueId("C");
                String eventId = uniqueId("e");
                ids.add(id);
                events.add(eventId);
                assertThat(http.postJson("/webhooks/crm/contacts", contact(eventId, id, "Ada", "2026-11-26T10:00:00Z")).statusCode())
                        .isEqualTo(202);
            }
        }
        JdbcTemplate billingDb = jdbc(pg, billing);
        JdbcTemplate stateDb = jdbc(pg, state);
        assertThat(billingDb.queryForObject("SELECT count(*) FROM billing_customer WHERE customer_ref LIKE 'C-%'", Integer.class)).isZero();
        assertThat(stateDb.queryForObject("SELECT count(*) FROM inbox_event WHERE status = 'PENDING'", Integer.class)).isEqualTo(5);

        try (ConfigurableApplicationContext second = LockstepProcess.start(state, billing)) {
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    stateDb.queryForObject("SELECT count(*) FROM inbox_event WHERE status = 'APPLIED'", Integer.class) == 5);
            for (String id : ids) {
                assertThat(billingDb.queryForObject("SELECT count(*) FROM billing_customer WHERE customer_ref = ?", Integer.class, id))
                        .isEqualTo(1);
            }
            assertThat(stateDb.queryForList("SELECT event_id FROM inbox_event", String.class)).containsExactlyInAnyOrderElementsOf(events);
        }
    }

    @Test
    void whileLockstepsOwnDatabaseIsDownWebhooksAre503AndNothingIsAccepted() throws Exception {
        TestDatabases pg = TestDatabases.get();
        String stateUrl = pg.createDatabase("lockstep_test");
        String state = stateUrl.substring(stateUrl.lastIndexOf('/') + 1).split("\\?")[0];
        String eventId = uniqueId("e");
        String id = uniqueId("C");
        try (ConfigurableApplicationContext app = LockstepProcess.start(stateUrl, pg.createDatabase("billing_test"),
                "spring.datasource.hikari.connection-timeout=1000")) {
            Http http = new Http(LockstepProcess.port(app));
            pg.admin("ALTER DATABASE " + state + " ALLOW_CONNECTIONS false");
            try {
                pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + state + "'");
                var refused = http.postJson("/webhooks/crm/contacts", contact(eventId, id, "Ada", "2026-11-26T10:00:00Z"));
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.body()).contains("not accepted");
            } finally {
                pg.admin("ALTER DATABASE " + state + " ALLOW_CONNECTIONS true");
            }
            assertThat(jdbc(pg, stateUrl).queryForObject("SELECT count(*) FROM inbox_event", Integer.class)).isZero();
            // Retried as a sender retries a 503: the pool may still hand out a connection whose backend
            // was terminated (Hikari skips validating one used in the last 500 ms), which is another 503.
            AtomicReference<HttpResponse<String>> retry = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                retry.set(http.postJson("/webhooks/crm/contacts", contact(eventId, id, "Ada", "2026-11-26T10:00:00Z")));
                return retry.get().statusCode() != 503;
            });
            assertThat(retry.get().statusCode()).as("the caller's retry is accepted, not a duplicate").isEqualTo(202);
            assertThat(retry.get().body()).contains("\"accepted\"");
        }
    }

    @Test
    void whileCamelIsNotRunningTheRoutesAWebhookIsAnswered503SoTheSenderRetries() throws Exception {
        TestDatabases pg = TestDatabases.get();
        String state = pg.createDatabase("lockstep_test");
        try (ConfigurableApplicationContext app = LockstepProcess.start(state, pg.createDatabase("billing_test"))) {
            Http http = new Http(LockstepProcess.port(app));
            // As between the web server opening its port and Camel starting the routes, and again at shutdown.
            app.getBean(CamelContext.class).stop();

            var answer = http.postJson("/webhooks/crm/contacts", contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"));
            assertThat(answer.statusCode()).as("a status webhook senders retry").isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(answer.body()).contains("nothing was accepted, send it again");
            assertThat(http.get("/actuator/health").body()).as("health is still served").contains("\"status\"");
            assertThat(jdbc(pg, state).queryForObject("SELECT count(*) FROM inbox_event", Integer.class)).isZero();
        }
    }

    @Test
    void aMissingRoutesFolderStopsStartUpNamingTheFolderAndTheProperty() {
        Path missing = temp.resolve("no-routes-here");
        assertThatThrownBy(() -> startWith("lockstep.routes-dir=" + missing))
                .hasStackTraceContaining(missing.toString())
                .hasStackTraceContaining("lockstep.routes-dir");
    }

    @Test
    void aRouteFileThatDoesNotParseStopsStartUpNamingTheFile() throws Exception {
        Path routes = Files.createDirectories(temp.resolve("routes"));
        Files.copy(Path.of("routes/shared.camel.yaml"), routes.resolve("shared.camel.yaml"));
        Files.writeString(routes.resolve("broken-pair.camel.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: timer:x
                      steps:
                        - notAStep: {}
                """);
        assertThatThrownBy(() -> startWith("lockstep.routes-dir=" + routes))
                .hasStackTraceContaining("broken-pair.camel.yaml")
                .hasStackTraceContaining("notAStep");
    }

    @Test
    void wrongNamesInRouteFilesStopStartUpBeforeCamelReadsThemWithEveryProblemAndItsPosition() throws Exception {
        Path routes = Files.createDirectories(temp.resolve("routes"));
        Files.copy(Path.of("routes/shared.camel.yaml"), routes.resolve("shared.camel.yaml"));
        String broken = Files.readString(Path.of("routes/crm-to-billing.camel.yaml"))
                .replace("ref: orderingGuard", "ref: orderingGuardd")
                .replace("{{lockstep.inbox.poll-delay-ms:10}}", "{{lockstep.inbox.page-size}}");
        Files.writeString(routes.resolve("crm-to-billing.camel.yaml"), broken);
        assertThatThrownBy(() -> startWith("lockstep.routes-dir=" + routes))
                .isInstanceOf(InvalidRouteFilesException.class)
                .hasMessageContaining("crm-to-billing.camel.yaml:" + position(broken, "{{lockstep.inbox.page-size}}")
                        + ": placeholder {{lockstep.inbox.page-size}} has no value")
                .hasMessageContaining("crm-to-billing.camel.yaml:" + position(broken, "orderingGuardd")
                        + ": unknown bean 'orderingGuardd' (process ref) (fix: did you mean 'orderingGuard'?)");
    }

    @Test
    void anInvalidMappingStopsStartUpWithEveryProblemAndItsLine() throws Exception {
        Path mappings = Files.createDirectories(temp.resolve("mappings"));
        String good = Files.readString(Path.of("mappings/crm-to-billing.yaml"));
        Files.writeString(mappings.resolve("crm-to-billing.yaml"), good
                .replace("email: [trim, lower, email]", "email: [trim, lowercase, email]")
                .replace("policy: soft", "policy: sometimes"));
        assertThatThrownBy(() -> startWith("lockstep.mappings-dir=" + mappings))
                .hasStackTraceContaining("crm-to-billing.yaml:" + lineOf(good, "email: [trim, lower, email]") + ":")
                .hasStackTraceContaining("unknown transform 'lowercase'")
                .hasStackTraceContaining("unknown delete policy 'sometimes'");
    }

    @Test
    void aMappingThatDoesNotFitTheTargetTableStopsStartUpWithTheLines() throws Exception {
        TestDatabases pg = TestDatabases.get();
        String billing = pg.createDatabase("billing_test");
        // A billing table with a required column the shipped mapping does not fill.
        jdbc(pg, billing).execute("CREATE TABLE billing_customer (customer_ref TEXT PRIMARY KEY, email TEXT, full_name TEXT,"
                + " phone TEXT, crm_updated_at TIMESTAMPTZ, deleted_at TIMESTAMPTZ, synced_at TIMESTAMPTZ, account_no TEXT NOT NULL)");
        Path mappings = Files.createDirectories(temp.resolve("mappings"));
        Files.createDirectories(mappings.resolve("samples"));
        Files.copy(Path.of("mappings/samples/crm-contact.json"), mappings.resolve("samples/crm-contact.json"));
        String good = Files.readString(Path.of("mappings/crm-to-billing.yaml"));
        Files.writeString(mappings.resolve("crm-to-billing.yaml"), good.replace("  phone: {from: phone}", "  mobile: {from: phone}"));

        assertThatThrownBy(() -> LockstepProcess.start(pg.createDatabase("lockstep_test"), billing,
                "lockstep.mappings-dir=" + mappings).close())
                .hasStackTraceContaining("crm-to-billing.yaml:" + lineOf(good, "  phone: {from: phone}") + ":1: column 'mobile' does not exist in billing table billing_customer")
                .hasStackTraceContaining("crm-to-billing.yaml:" + topLevelLineOf(good, "fields:") + ":1: required column 'account_no' of billing_customer is not mapped");
    }

    private void startWith(String property) {
        TestDatabases pg = TestDatabases.get();
        LockstepProcess.start(pg.createDatabase("lockstep_test"), pg.createDatabase("billing_test"), property).close();
    }

    private static JdbcTemplate jdbc(TestDatabases pg, String url) {
        return new JdbcTemplate(new DriverManagerDataSource(url, pg.user(), pg.password()));
    }
}
