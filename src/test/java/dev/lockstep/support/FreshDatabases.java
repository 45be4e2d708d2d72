package dev.lockstep.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives a test's Spring context its own Lockstep state database and its own billing database, on
 * the PostgreSQL {@link TestDatabases} chose, so cached contexts never consume each other's inbox.
 * Retries are shortened to keep fault tests quick; their behaviour is the same. The email-marketing
 * API is played by {@link EmailApiStandIn}, so crm-to-email runs in this context too.
 */
public class FreshDatabases implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabases pg = TestDatabases.get();
        String state = pg.createDatabase("lockstep_test");
        String billing = pg.createDatabase("billing_test");
        TestPropertyValues.of(properties(pg, state, billing)).applyTo(context);
        // The email API's stand-in: one per JVM, so the shared context's crm-to-email pair is on.
        TestPropertyValues.of(EmailApiStandIn.properties()).applyTo(context);
    }

    public static String[] properties(TestDatabases pg, String stateUrl, String billingUrl) {
        return new String[] {
            "spring.datasource.url=" + stateUrl,
            "spring.datasource.username=" + pg.user(),
            "spring.datasource.password=" + pg.password(),
            "lockstep.systems.billing.jdbc-url=" + billingUrl,
            "lockstep.systems.billing.username=" + pg.user(),
            "lockstep.systems.billing.password=" + pg.password(),
            "lockstep.retry.maximum-redeliveries=2",
            "lockstep.retry.redelivery-delay-ms=20",
            "lockstep.inbox.poll-delay-ms=50",
            "lockstep.systems.billing.connection-timeout=500ms",
            "lockstep.shutdown.refuse-period=100ms",
        };
    }
}
