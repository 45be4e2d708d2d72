package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code POST /api/pairs/{pair}/preview}: the mapped record, the cleanup and every failure, nothing written. */
class PreviewTest extends PipelineTestSupport {

    static final String PREVIEW = "/api/pairs/crm-to-billing/preview";

    @Test
    void aValidSampleShowsTheCleanupFieldByFieldAndTheMappedRow() throws Exception {
        JsonNode result = preview(contact("e-1", "C-100", " Ada@Example.COM ", "Ada", " Lovelace ", "020 7946 0958", "GB",
                "2026-11-26T11:00:00+01:00", false));

        assertThat(result.path("valid").asBoolean()).isTrue();
        assertThat(result.path("write").asText()).isEqualTo("UPSERT");
        assertThat(result.path("targetKey").asText()).isEqualTo("C-100");
        JsonNode target = result.path("target");
        assertThat(target.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(target.path("full_name").asText()).isEqualTo("Ada Lovelace");
        assertThat(target.path("phone").asText()).isEqualTo("+442079460958");
        assertThat(target.path("crm_updated_at").asText()).isEqualTo("2026-11-26T10:00:00Z");
        JsonNode email = find(result.path("cleanup"), "email");
        assertThat(email.path("before").asText()).isEqualTo(" Ada@Example.COM ");
        assertThat(email.path("after").asText()).isEqualTo("ada@example.com");
        assertThat(result.path("violations")).isEmpty();
    }

    @Test
    void anInvalidSampleShowsEveryFailureAndTheEnvelopeProblem() throws Exception {
        JsonNode result = preview("""
                {"eventId":"e-1","id":"C-1","email":"nope","phone":"12","country":"GB","firstName":"%s"}"""
                .formatted("x".repeat(250)));

        assertThat(result.path("valid").asBoolean()).isFalse();
        assertThat(result.path("envelopeProblem").asText()).contains("'updatedAt' is required");
        assertThat(result.path("violations").findValuesAsText("field")).containsExactlyInAnyOrder("email", "phone");
        assertThat(find(result.path("cleanup"), "phone").path("error").asText()).contains("not a valid phone number");
    }

    @Test
    void aSampleWhoseEmailBillingHasShowsTheCustomerItWouldBeLinkedTo() throws Exception {
        JsonNode result = preview(contact("e-1", uniqueId("C"), "GRACE@example.com", "Grace", "Hopper", null, "US",
                "2026-11-26T10:00:00Z", false));
        assertThat(result.path("targetKey").asText()).isEqualTo("B-0001");
    }

    @Test
    void previewNeverWritesWhateverTheSample() throws Exception {
        List<Integer> before = counts();
        Random random = new Random(42);
        String[] emails = {" A@B.CO ", "bad", null, "grace@example.com", "ü@exämple.de"};
        String[] phones = {"020 7946 0958", "12", null, "+1 202 555 0143", "☎"};
        String[] times = {"2026-11-26T10:00:00Z", "yesterday", null};
        for (int i = 0; i < 40; i++) {
            String body = contact("e-" + i, "P-" + i, emails[random.nextInt(emails.length)], "N" + i, "L",
                    phones[random.nextInt(phones.length)], random.nextBoolean() ? "GB" : "XX", times[random.nextInt(times.length)],
                    random.nextInt(5) == 0);
            HttpResponse<String> response = http.postJson(PREVIEW, body);
            assertThat(response.statusCode()).as(body).isEqualTo(200);
        }
        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void anUnknownPairIs404AndANonObjectIs400() {
        assertThat(http.postJson("/api/pairs/no-such-pair/preview", "{}").statusCode()).isEqualTo(404);
        assertThat(http.postJson(PREVIEW, "[1]").statusCode()).isEqualTo(400);
        assertThat(http.post(PREVIEW, "text/plain", "{}", java.util.Map.of()).statusCode()).isEqualTo(415);
    }

    JsonNode preview(String body) throws Exception {
        HttpResponse<String> response = http.postJson(PREVIEW, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    static JsonNode find(JsonNode cleanup, String field) {
        for (JsonNode step : cleanup) {
            if (step.path("field").asText().equals(field)) {
                return step;
            }
        }
        throw new AssertionError("no cleanup step for " + field + " in " + cleanup);
    }

    /** The previewed pair's rows (crm-to-email may still be working through other tests' events meanwhile). */
    List<Integer> counts() {
        JdbcTemplate billing = new JdbcTemplate(billingDataSource);
        return List.of(
                lockstep.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing'", Integer.class),
                lockstep.queryForObject("SELECT count(*) FROM quarantine WHERE pair = 'crm-to-billing'", Integer.class),
                lockstep.queryForObject("SELECT count(*) FROM dead_letter WHERE pair = 'crm-to-billing'", Integer.class),
                lockstep.queryForObject("SELECT count(*) FROM sync_record WHERE pair = 'crm-to-billing'", Integer.class),
                billing.queryForObject("SELECT count(*) FROM billing_customer", Integer.class));
    }
}
