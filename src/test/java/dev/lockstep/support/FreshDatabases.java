package dev.lockstep.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives a test's Spring context its own Lockstep state database and its own billing database, on
 * the PostgreSQL {@link TestDatabases} chose, so cached contexts never consume each other's inbox.
 * Retries are shortened to keep fault tests quick; their behaviour is the same. The email-marketing
 * API is played by {@link EmailApiStandIn}, so crm-to-email runs in this context too, and Salesforce
 * by {@link SalesforceStandIn}, so salesforce-and-billing does.
 */
public class FreshDatabases implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabases pg = TestDatabases.get();
        String state = pg.createDatabase("lockstep_test");
        String billing = pg.createDatabase("billing_test");
        TestPropertyValues.of(withTwoWay(pg, state, billing)).and(QUICK_TWO_WAY).applyTo(context);
        // The email API's stand-in: one per JVM, so the shared context's crm-to-email pair is on.
        TestPropertyValues.of(EmailApiStandIn.properties()).applyTo(context);
        // The spreadsheet pair's drop folder: one per context, not the working directory's data/; read quickly.
        TestPropertyValues.of("lockstep.systems.spreadsheet.inbox=" + SpreadsheetFolders.fresh(),
                "lockstep.systems.spreadsheet.settle-ms=250", "lockstep.systems.spreadsheet.poll-delay-ms=250").applyTo(context);
        // The Salesforce stand-in: one per JVM, so the shared context's salesforce-and-billing pair is on.
        TestPropertyValues.of(SalesforceStandIn.properties()).applyTo(context);
        // The accounting API's stand-in, likewise: billing-to-accounting is on in the shared context.
        TestPropertyValues.of(AccountingApiStandIn.properties()).applyTo(context);
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
            "lockstep.systems.billing.connection-timeout=500ms",
            "lockstep.shutdown.refuse-period=100ms",
        };
    }

    /**
     * Quick two-way runs for the test contexts the end-to-end tests share: polled every 200 ms,
     * coalesced over 800 ms, pages of 50 rows. Processes started for other tests keep the defaults.
     */
    public static final String[] QUICK_TWO_WAY = {
        "lockstep.two-way.poll-interval-ms=200",
        "lockstep.two-way.window-ms=800",
        "lockstep.two-way.overlap=5s",
        "lockstep.two-way.page-size=50",
    };

    /**
     * The above plus fresh storefront and warehouse databases (the warehouse on MariaDB when one
     * answers) and a Quartz scheduler of its own (one JVM may hold several test contexts).
     */
    public static String[] withTwoWay(TestDatabases pg, String stateUrl, String billingUrl) {
        TestWarehouse.Database warehouse = TestWarehouse.get().create();
        String[] twoWay = {
            "lockstep.systems.storefront.jdbc-url=" + pg.createDatabase("storefront_test"),
            "lockstep.systems.storefront.username=" + pg.user(),
            "lockstep.systems.storefront.password=" + pg.password(),
            "lockstep.systems.warehouse.jdbc-url=" + warehouse.url(),
            "lockstep.systems.warehouse.username=" + warehouse.user(),
            "lockstep.systems.warehouse.password=" + warehouse.password(),
            "spring.quartz.scheduler-name=lockstep-test-" + java.util.UUID.randomUUID().toString().substring(0, 8),
            // Camel keeps its servlets by name per JVM, and several contexts share a test JVM.
            "camel.servlet.mapping.servlet-name=LockstepWebhooks-" + java.util.UUID.randomUUID().toString().substring(0, 8),
        };
        String[] base = properties(pg, stateUrl, billingUrl);
        String[] all = java.util.Arrays.copyOf(base, base.length + twoWay.length);
        System.arraycopy(twoWay, 0, all, base.length, twoWay.length);
        return all;
    }
}
