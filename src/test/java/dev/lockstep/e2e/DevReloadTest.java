package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.reload.ConfigReloader;
import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import dev.lockstep.support.TextLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.FileSystemUtils;

/** Profile {@code dev}: edited mapping and route files apply without a restart; invalid edits are rejected. */
class DevReloadTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    @Test
    void validEditsApplyAndInvalidOnesAreRejectedWhileTheRunningVersionKeepsWorking() throws Exception {
        Path routes = temp.resolve("routes");
        Path mappings = temp.resolve("mappings");
        FileSystemUtils.copyRecursively(Path.of("routes"), routes);
        FileSystemUtils.copyRecursively(Path.of("mappings"), mappings);
        TestDatabases pg = TestDatabases.get();
        String billingUrl = pg.createDatabase("billing_test");
        JdbcTemplate billing = new JdbcTemplate(new DriverManagerDataSource(billingUrl, pg.user(), pg.password()));

        try (ConfigurableApplicationContext app = LockstepProcess.start(pg.createDatabase("lockstep_test"), billingUrl,
                "spring.profiles.active=dev", "lockstep.routes-dir=" + routes, "lockstep.mappings-dir=" + mappings)) {
            Http http = new Http(LockstepProcess.port(app));
            ConfigReloader reloader = app.getBean(ConfigReloader.class);
            Path mapping = mappings.resolve("crm-to-billing.yaml");
            String original = Files.readString(mapping);

            // A valid mapping edit: billing names become "Last, First".
            Files.writeString(mapping, original.replace("template: \"{firstName} {lastName}\"", "template: \"{lastName}, {firstName}\""));
            await().atMost(WAIT).until(() -> "applied".equals(reloader.lastOutcome("crm-to-billing.yaml")));
            String first = uniqueId("C");
            assertThat(http.postJson("/webhooks/crm/contacts", contact(uniqueId("e"), first, "Ada", "2026-11-26T10:00:00Z")).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> name(billing, first), "Lovelace, Ada"::equals);

            // An invalid mapping edit is rejected; the edited-and-valid version stays in use.
            Files.writeString(mapping, original.replace("[trim, lower, email]", "[trim, shout]"));
            await().atMost(WAIT).until(() -> String.valueOf(reloader.lastOutcome("crm-to-billing.yaml")).contains("unknown transform 'shout'"));
            // Readiness reports the broken file until it is fixed.
            var notReady = http.get("/actuator/health/readiness");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"mappings\":{\"status\":\"DOWN\"", "unknown transform 'shout'");
            String second = uniqueId("C");
            http.postJson("/webhooks/crm/contacts", contact(uniqueId("e"), second, "Ada", "2026-11-26T10:00:00Z"));
            await().atMost(WAIT).until(() -> name(billing, second), "Lovelace, Ada"::equals);

            // A valid route edit: the webhook moves to a new path.
            Path route = routes.resolve("crm-to-billing.camel.yaml");
            String routeText = Files.readString(route);
            Files.writeString(route, routeText.replace("servlet:/crm/contacts", "servlet:/crm/people"));
            await().atMost(WAIT).until(() -> http.postJson("/webhooks/crm/people",
                    contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z")).statusCode() == 202);

            // A route edit that does not parse is rejected; the running routes keep answering.
            Files.writeString(route, routeText.replace("- process:\n            id: guard", "- notAStep:\n            id: guard"));
            await().atMost(WAIT).until(() -> String.valueOf(reloader.lastOutcome("crm-to-billing.camel.yaml"))
                    // The problem is reported at the step key, the line above its id.
                    .contains("crm-to-billing.camel.yaml:" + (TextLines.lineOf(routeText, "id: guard") - 1) + ":"));
            assertThat(reloader.lastOutcome("crm-to-billing.camel.yaml")).contains("notAStep");
            String third = uniqueId("C");
            assertThat(http.postJson("/webhooks/crm/people", contact(uniqueId("e"), third, "Ada", "2026-11-26T10:00:00Z")).statusCode())
                    .isEqualTo(202);
            await().atMost(WAIT).until(() -> name(billing, third), "Lovelace, Ada"::equals);

            // The mapping fixed: ready again.
            Files.writeString(mapping, original);
            await().atMost(WAIT).until(() -> http.get("/actuator/health/readiness").statusCode() == 200);
        }
    }

    static String name(JdbcTemplate billing, String id) {
        return billing.queryForList("SELECT full_name FROM billing_customer WHERE customer_ref = ?", String.class, id)
                .stream().findFirst().orElse(null);
    }
}
