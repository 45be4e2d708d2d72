package dev.lockstep.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Salesforce is off without credentials, on with a complete set (client credentials, or
 * username-password), and a set that cannot work stops start-up naming the variable to set. An
 * unreachable Salesforce does not stop start-up (lazy login): its runs fail with the cause.
 */
class SalesforceSwitchTest {

    private static Map<String, Object> settings(Map<String, String> given) {
        return SalesforceSwitch.settings(key -> given.get(key));
    }

    @Test
    void nothingSetIsOff() {
        assertThat(settings(Map.of())).containsExactly(Map.entry("lockstep.systems.salesforce.enabled", false));
        assertThat(settings(Map.of("lockstep.systems.salesforce.login-url", "https://acme.my.salesforce.com")))
                .containsEntry("lockstep.systems.salesforce.enabled", false);
    }

    @Test
    void clientIdAndSecretUseTheClientCredentialsFlowWithLazyLogin() {
        Map<String, Object> on = settings(Map.of("lockstep.systems.salesforce.client-id", "id",
                "lockstep.systems.salesforce.client-secret", "secret", "lockstep.systems.salesforce.login-url", "https://acme.my.salesforce.com"));
        assertThat(on).containsEntry("lockstep.systems.salesforce.enabled", true)
                .containsEntry("camel.component.salesforce.auth-type", "CLIENT_CREDENTIALS")
                .containsEntry("camel.component.salesforce.login-url", "https://acme.my.salesforce.com")
                .containsEntry("camel.component.salesforce.lazy-login", true)
                .doesNotContainKey("camel.component.salesforce.user-name");
    }

    @Test
    void aUsernameAndPasswordUseThePasswordFlow() {
        Map<String, Object> on = settings(Map.of("lockstep.systems.salesforce.client-id", "id", "lockstep.systems.salesforce.client-secret", "s",
                "lockstep.systems.salesforce.username", "sync@acme.com", "lockstep.systems.salesforce.password", "pw"));
        assertThat(on).containsEntry("camel.component.salesforce.auth-type", "USERNAME_PASSWORD")
                .containsEntry("camel.component.salesforce.user-name", "sync@acme.com")
                .containsEntry("camel.component.salesforce.login-url", "https://login.salesforce.com");
    }

    @Test
    void aPartialConfigurationNamesTheMissingVariable() {
        assertThatThrownBy(() -> settings(Map.of("lockstep.systems.salesforce.client-id", "id")))
                .hasMessageContaining("LOCKSTEP_SYSTEMS_SALESFORCE_CLIENT_SECRET");
        assertThatThrownBy(() -> settings(Map.of("lockstep.systems.salesforce.client-secret", "s")))
                .hasMessageContaining("LOCKSTEP_SYSTEMS_SALESFORCE_CLIENT_ID");
        assertThatThrownBy(() -> settings(Map.of("lockstep.systems.salesforce.client-id", "id", "lockstep.systems.salesforce.client-secret", "s",
                "lockstep.systems.salesforce.username", "sync@acme.com"))).hasMessageContaining("LOCKSTEP_SYSTEMS_SALESFORCE_PASSWORD");
    }

    @Test
    void startUpDoesNotWaitForAnUnreachableSalesforceAndItsRunsFailWithTheCause() {
        TestDatabases pg = TestDatabases.get();
        try (ConfigurableApplicationContext app = LockstepProcess.start(pg.createDatabase("lockstep_test"), pg.createDatabase("billing_test"),
                "lockstep.systems.salesforce.login-url=http://127.0.0.1:9", "lockstep.systems.salesforce.client-id=abc",
                "lockstep.systems.salesforce.client-secret=def", "lockstep.systems.salesforce.poll-interval-ms=3600000")) {
            assertThat(app.getBean(CamelContext.class).getRoute("salesforce-and-billing-poll")).isNotNull();
            app.getBean(ProducerTemplate.class).sendBody("direct:salesforce-and-billing-run", null);
            // The schedule also starts a run as Lockstep starts, which may begin after this one: every run
            // there is ends, and the last one failed with the cause.
            SyncRuns runs = app.getBean(SyncRuns.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !runs.last("salesforce-and-billing").orElseThrow().status().equals("RUNNING"));
            SyncRun run = runs.last("salesforce-and-billing").orElseThrow();
            assertThat(run.status()).isEqualTo("FAILED");
            assertThat(run.message()).contains("SalesforceCallException");
        }
    }

    @Test
    void startUpStopsOnAPartialConfiguration() {
        TestDatabases pg = TestDatabases.get();
        assertThatThrownBy(() -> LockstepProcess.start(pg.createDatabase("lockstep_test"), pg.createDatabase("billing_test"),
                "lockstep.systems.salesforce.client-id=abc").close())
                .hasStackTraceContaining("Salesforce is partly configured: lockstep.systems.salesforce.client-secret "
                        + "(environment variable LOCKSTEP_SYSTEMS_SALESFORCE_CLIENT_SECRET) is missing");
    }
}
