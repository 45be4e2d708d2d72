package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A pause holds for every replica and across restarts: paused through one instance, a second
 * instance on the same database stops the pair too, and comes back from a restart still paused;
 * webhooks taken meanwhile wait in the inbox and flow once the pair is resumed.
 */
class PauseAcrossReplicasTest extends PipelineTestSupport {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PAIR = "crm-to-billing";

    @Value("${spring.datasource.url}")
    String stateUrl;

    @Value("${lockstep.systems.billing.jdbc-url}")
    String billingUrl;

    @Test
    void aPauseStopsThePairOnEveryReplicaAndSurvivesARestart() throws Exception {
        String record = uniqueId("C");
        String eventId = uniqueId("e");
        try {
            try (ConfigurableApplicationContext other = LockstepProcess.start(stateUrl, billingUrl, "lockstep.pairs.pause-sync=200ms")) {
                Http otherHttp = new Http(LockstepProcess.port(other));
                assertThat(state(otherHttp)).isEqualTo("RUNNING");

                assertThat(http.postEmpty("/api/pairs/" + PAIR + "/pause").statusCode()).isEqualTo(200);
                await().atMost(WAIT).until(() -> state(otherHttp), "PAUSED"::equals);

                assertThat(otherHttp.postJson(WEBHOOK, contact(eventId, record, "Ada", "2026-11-26T10:00:00Z")).statusCode())
                        .as("a paused pair still accepts webhooks").isEqualTo(202);
            }
            // The other replica restarts: the pair is paused from its start, before its first poll.
            try (ConfigurableApplicationContext restarted = LockstepProcess.start(stateUrl, billingUrl)) {
                assertThat(state(new Http(LockstepProcess.port(restarted)))).isEqualTo("PAUSED");
                Thread.sleep(1000);
                assertThat(status(eventId)).isEqualTo("PENDING");
            }
        } finally {
            assertThat(http.postEmpty("/api/pairs/" + PAIR + "/resume").statusCode()).isEqualTo(200);
        }
        await().atMost(WAIT).until(() -> status(eventId), "APPLIED"::equals);
        assertThat(billing.queryForObject("SELECT count(*) FROM billing_customer WHERE customer_ref = ?", Integer.class, record))
                .isEqualTo(1);
    }

    private String state(Http client) throws Exception {
        JsonNode pair = json.readTree(client.get("/api/pairs/" + PAIR).body());
        return pair.path("state").asText();
    }

    private String status(String eventId) {
        return lockstep.queryForList("SELECT status FROM inbox_event WHERE pair = ? AND event_id = ?", String.class, PAIR, eventId)
                .stream().findFirst().orElse("MISSING");
    }
}
