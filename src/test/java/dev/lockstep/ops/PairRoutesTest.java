package dev.lockstep.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** How the operator API names a pair's triggers and finds which pair a route belongs to. */
class PairRoutesTest {

    @Test
    void triggersAreNamedByTheirConsumerEndpoint() {
        assertThat(PairRoutes.trigger("crm-to-billing-webhook",
                "servlet:/crm/contacts?disableStreamCache=true&httpMethodRestrict=POST&servletName=LockstepWebhooks", "/webhooks"))
                .isEqualTo(new PairRoutes.Trigger("webhook", "crm-to-billing-webhook", "POST /webhooks/crm/contacts"));
        assertThat(PairRoutes.trigger("crm-to-billing-webhook",
                "platform-http:///webhooks/crm/contacts?consumes=application%2Fjson&httpMethodRestrict=POST&useStreaming=true", "/webhooks"))
                .isEqualTo(new PairRoutes.Trigger("webhook", "crm-to-billing-webhook", "POST /webhooks/crm/contacts"));
        assertThat(PairRoutes.trigger("a-and-b-schedule", "quartz://lockstep/a-and-b?cron=0+*/5+*+*+*+?", "/webhooks"))
                .isEqualTo(new PairRoutes.Trigger("schedule", "a-and-b-schedule", "lockstep/a-and-b"));
        assertThat(PairRoutes.trigger("sheet-to-billing-files", "file:///data/sheets?include=.*csv", "/webhooks"))
                .isEqualTo(new PairRoutes.Trigger("file", "sheet-to-billing-files", "/data/sheets"));
    }

    @Test
    void aRouteBelongsToTheLongestPairNameItStartsWith() {
        Set<String> pairs = Set.of("crm-to-billing", "crm-to-billing-eu", "crm-to-email");
        assertThat(PairRoutes.owner("crm-to-billing", pairs)).isEqualTo("crm-to-billing");
        assertThat(PairRoutes.owner("crm-to-billing-webhook", pairs)).isEqualTo("crm-to-billing");
        assertThat(PairRoutes.owner("crm-to-billing-eu-webhook", pairs)).isEqualTo("crm-to-billing-eu");
        assertThat(PairRoutes.owner("crm-to-billingx", pairs)).isNull();
        assertThat(PairRoutes.owner("reconcile", pairs)).isNull();
    }
}
