package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.webhook.WebhookSecrets;
import dev.lockstep.webhook.WebhookSigningReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.TestPropertySource;

/**
 * The webhook's defences end to end, over HTTP, on real PostgreSQL: signatures (this context has
 * CRM signing secrets, two of them as during a rotation), input limits, text PostgreSQL cannot
 * store, request headers named like Camel's, and what the actuator exposes. Every refused request
 * is checked to have stored nothing in the inbox. Unsigned requests where no secret is set are
 * what {@link CrmToBillingEndToEndTest} sends.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "lockstep.systems.crm.webhook-secret=" + WebhookSecurityTest.OLD_SECRET + "," + WebhookSecurityTest.SECRET)
class WebhookSecurityTest extends PipelineTestSupport {
    static final String SECRET = "test-crm-secret-new";
    static final String OLD_SECRET = "test-crm-secret-old";
    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebhookSecrets secrets;

    @Autowired
    MappingRegistry mappings;

    @Autowired
    CamelContext camel;

    // --- signatures ---------------------------------------------------------------------------

    @Test
    void aValidSignatureIsAcceptedAndTheRecordReachesBilling() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e");

        HttpResponse<String> response = postSigned(contact(eventId, id, "Ada", "2026-11-26T10:00:00Z"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json.readTree(response.body()).path("status").asText()).isEqualTo("accepted");
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        assertThat(customer(id).get("full_name")).isEqualTo("Ada Lovelace");
    }

    @Test
    void eitherConfiguredSecretIsAcceptedWhileASecretIsRotated() {
        String oldSigned = uniqueId("e");
        String newSigned = uniqueId("e");
        String oldBody = contact(oldSigned, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        String newBody = contact(newSigned, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");

        assertThat(post(oldBody, signature(now(), oldBody, OLD_SECRET)).statusCode()).isEqualTo(202);
        assertThat(post(newBody, signature(now(), newBody, SECRET)).statusCode()).isEqualTo(202);
        assertThat(awaitOutcome(oldSigned)).isEqualTo("APPLIED");
        assertThat(awaitOutcome(newSigned)).isEqualTo("APPLIED");
    }

    @Test
    void severalV1ValuesPassWhenAnyOneMatches() {
        String eventId = uniqueId("e");
        String body = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        long t = now();
        String header = "t=" + t + ",v1=" + hmac("a-secret-lockstep-does-not-have", t, body) + ",v1=" + hmac(SECRET, t, body);

        HttpResponse<String> response = post(body, header);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
    }

    @Test
    void aTimestampWithinTheToleranceIsAccepted() {
        String eventId = uniqueId("e");
        String body = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");

        HttpResponse<String> response = post(body, signature(now() - 240, body, SECRET));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void aRequestWithoutASignatureIsRefused() throws Exception {
        String eventId = uniqueId("e");
        int before = inboxCount();

        HttpResponse<String> response = http.postJson(WEBHOOK, contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"));

        assertUnauthorized(response, "header is missing", eventId, before);
    }

    @Test
    void malformedSignatureHeadersAreRefused() throws Exception {
        String eventId = uniqueId("e");
        String body = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        long t = now();
        String v1 = hmac(SECRET, t, body);
        int before = inboxCount();

        Map<String, String> expected = Map.of(
                "garbage", "is not key=value",
                "v1=" + v1, "t= is missing",
                "t=" + t, "v1= is missing",
                "t=" + t + ",v1=", "64 hexadecimal digits",
                "t=" + t + ",v1=" + v1.substring(2), "64 hexadecimal digits",
                "t=" + t + ",v1=" + v1.replace(v1.charAt(0), 'z'), "64 hexadecimal digits",
                "t=yesterday,v1=" + v1, "seconds since",
                "t=-" + t + ",v1=" + v1, "seconds since",
                "t=" + t + ",t=" + t + ",v1=" + v1, "more than one t=",
                "sha256=" + v1, "t= is missing");
        for (Map.Entry<String, String> header : expected.entrySet()) {
            HttpResponse<String> response = post(body, header.getKey());
            assertUnauthorized(response, "malformed Lockstep-Signature header", eventId, before);
            assertThat(response.body()).as(header.getKey()).contains(header.getValue());
        }
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsRefused() throws Exception {
        String eventId = uniqueId("e");
        String body = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        int before = inboxCount();

        assertUnauthorized(post(body, signature(now(), body, "not-the-crm-secret")), "does not match", eventId, before);
        assertUnauthorized(post(body, signature(now(), body, "")), "does not match", eventId, before);
    }

    @Test
    void aBodyChangedAfterSigningIsRefusedEvenByOneByteOfWhiteSpace() throws Exception {
        String eventId = uniqueId("e");
        String signed = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        long t = now();
        String header = signature(t, signed, SECRET);
        int before = inboxCount();

        assertUnauthorized(post(signed.replace("Ada", "Eve"), header), "does not match", eventId, before);
        // Same JSON, other bytes: the signature is over the raw body, not over what it parses to.
        assertUnauthorized(post(signed + " ", header), "does not match", eventId, before);
        // The timestamp is signed too: moving it (to dodge the tolerance) breaks the signature.
        assertUnauthorized(post(signed, header.replace("t=" + t, "t=" + (t + 1))), "does not match", eventId, before);
    }

    @Test
    void staleAndFutureTimestampsAreRefusedThoughCorrectlySigned() throws Exception {
        String eventId = uniqueId("e");
        String body = contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        int before = inboxCount();

        assertUnauthorized(post(body, signature(now() - 6 * 60, body, SECRET)), "more than 300 seconds away", eventId, before);
        assertUnauthorized(post(body, signature(now() + 6 * 60, body, SECRET)), "more than 300 seconds away", eventId, before);
        assertUnauthorized(post(body, signature(0, body, SECRET)), "more than 300 seconds away", eventId, before);
    }

    @Test
    void aReplayedSignedRequestIsADuplicateWithNoSecondEffect() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e");
        String body = contact(eventId, id, "Ada", "2026-11-26T10:00:00Z");
        String header = signature(now(), body, SECRET);
        assertThat(post(body, header).statusCode()).isEqualTo(202);
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        Object syncedAt = customer(id).get("synced_at");

        HttpResponse<String> replay = post(body, header);

        assertThat(replay.statusCode()).isEqualTo(202);
        assertThat(json.readTree(replay.body()).path("status").asText()).isEqualTo("duplicate");
        assertThat(inboxRows(eventId)).isEqualTo(1);
        Thread.sleep(300);
        assertThat(customer(id).get("synced_at")).isEqualTo(syncedAt);
    }

    @Test
    void theSignatureIsCheckedBeforeTheBodyIsParsed() throws Exception {
        int before = inboxCount();

        // Malformed JSON without a valid signature: 401, so an unsigned caller learns nothing about parsing.
        HttpResponse<String> response = post("{\"eventId\":", signature(now(), "{\"eventId\":", "not-the-crm-secret"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(inboxCount()).isEqualTo(before);
    }

    // --- bad input (each signed, so it is the input that is refused) ------------------------------

    @Test
    void malformedJsonIsRefusedWithWhereAndWhy() throws Exception {
        int before = inboxCount();

        assertRefused(postSigned("{\"eventId\":\"e-1\",\"id\":\"C-1\""), 400, "malformed JSON at line 1");
        assertRefused(postSigned("{\"eventId\":\"e-1\",}"), 400, "malformed JSON");
        assertRefused(postSigned("[{\"eventId\":\"e-1\"}]"), 400, "must be a JSON object");
        assertRefused(postSigned("\"just a string\""), 400, "must be a JSON object");
        String valid = contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");
        assertRefused(postSigned(valid + valid), 400, "malformed JSON");
        assertRefused(postSigned(valid.replace("{\"eventId\"", "{\"id\":\"C-other\",\"eventId\"")), 400, "Duplicate field 'id'");
        byte[] notUtf8 = valid.replace("Ada", "Ad\u00ff").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> latin1 = http.post(WEBHOOK, "application/json", notUtf8,
                Map.of("Lockstep-Signature", signature(now(), notUtf8, SECRET)));
        assertRefused(latin1, 400, "Invalid UTF-8");

        assertThat(inboxCount()).as("nothing refused is stored").isEqualTo(before);
    }

    @Test
    void fieldsOfTheWrongTypeAreRefused() throws Exception {
        int before = inboxCount();

        assertRefused(postSigned("{\"eventId\":\"" + uniqueId("e") + "\",\"id\":\"C-1\",\"updatedAt\":\"2026-11-26T10:00:00Z\",\"deleted\":\"yes\"}"),
                400, "'deleted' must be true or false");
        assertRefused(postSigned("{\"eventId\":\"" + uniqueId("e") + "\",\"id\":{},\"updatedAt\":\"2026-11-26T10:00:00Z\"}"),
                400, "'id' must be a plain value");
        assertRefused(postSigned("{\"eventId\":[\"e\"],\"id\":\"C-1\",\"updatedAt\":\"2026-11-26T10:00:00Z\"}"),
                400, "'eventId' must be a plain value");
        assertRefused(postSigned("{\"eventId\":\"" + uniqueId("e") + "\",\"id\":\"C-1\",\"updatedAt\":1764151200}"),
                400, "'updatedAt' is");

        assertThat(inboxCount()).isEqualTo(before);
    }

    @Test
    void aTenMegabyteBodyIsRefusedWith413BeforeItIsRead() throws Exception {
        int before = inboxCount();
        int tenMegabytes = 10 * 1024 * 1024;
        byte[] start = ("{\"eventId\":\"" + uniqueId("e") + "\",\"id\":\"C-1\",\"updatedAt\":\"2026-11-26T10:00:00Z\",\"notes\":\""
                + "x".repeat(64 * 1024)).getBytes(StandardCharsets.US_ASCII);

        // Declares 10 MB but sends 64 KiB and waits: the answer can only come if Lockstep does not wait for the rest.
        String declared = rawRequest("Content-Length: " + tenMegabytes + "\r\n", start);
        assertThat(declared).startsWith("HTTP/1.1 413").contains("larger than 262144 bytes");

        // Chunked, no length declared: read up to the limit, then refused, while the sender still has megabytes to go.
        byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] fiveChunks = new byte[chunk.length * 5];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(chunk, 0, fiveChunks, i * chunk.length, chunk.length);
        }
        String chunked = rawRequest("Transfer-Encoding: chunked\r\n", fiveChunks);
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("larger than 262144 bytes");

        assertThat(inboxCount()).isEqualTo(before);
    }

    @Test
    void aCompressedBodyIsRefused() throws Exception {
        int before = inboxCount();
        String body = contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z");

        // Signed over what was sent, it would be checked over bytes no one parses; and it could expand without limit.
        HttpResponse<String> gzip = post(body, signature(now(), body, SECRET), Map.of("Content-Encoding", "gzip"));

        assertRefused(gzip, 415, "Content-Encoding 'gzip' is not accepted");
        assertThat(inboxCount()).isEqualTo(before);
    }

    @Test
    void jsonNestedDeeperThanTheLimitIsRefused() throws Exception {
        int before = inboxCount();
        String eventId = uniqueId("e");

        // The event object is level 1: 31 arrays inside it make 32 levels, the most allowed.
        String atTheLimit = withField(contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                "tags", "[".repeat(31) + "]".repeat(31));
        assertThat(postSigned(atTheLimit).statusCode()).isEqualTo(202);
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");

        String oneDeeper = withField(contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                "tags", "[".repeat(32) + "]".repeat(32));
        assertRefused(postSigned(oneDeeper), 400, "nested deeper than 32 levels (lockstep.webhook.max-json-depth)");
        String deep = withField(contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                "tags", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
        assertRefused(postSigned(deep), 400, "nested deeper than 32 levels");

        assertThat(inboxCount()).isEqualTo(before + 1);
    }

    @Test
    void aStringLongerThanTheLimitIsRefused() throws Exception {
        int before = inboxCount();
        String eventId = uniqueId("e");

        String atTheLimit = withField(contact(eventId, uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                "notes", "\"" + "x".repeat(64 * 1024) + "\"");
        assertThat(postSigned(atTheLimit).statusCode()).isEqualTo(202);

        String tooLong = withField(contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                "notes", "\"" + "x".repeat(64 * 1024 + 1) + "\"");
        assertRefused(postSigned(tooLong), 400, "longer than 65536 characters (lockstep.webhook.max-string-length)");
        // Counted in characters, whatever their UTF-8 size: 40 000 emoji are 160 000 bytes, under the body limit.
        String emoji = withField(contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                "notes", "\"" + "\uD83D\uDE80".repeat(40_000) + "\"");
        assertRefused(postSigned(emoji), 400, "longer than 65536 characters");

        assertThat(inboxCount()).isEqualTo(before + 1);
    }

    @Test
    void emojiAndRightToLeftTextAreStoredAsSent() throws Exception {
        String id = uniqueId("C");
        String eventId = uniqueId("e") + "-\uD83D\uDE80";
        String first = "Zo\u00eb \uD83D\uDC69\uD83C\uDFFD\u200D\uD83D\uDCBB";     // Zoë 👩🏽‍💻 (a ZWJ sequence)
        String last = "\u0639\u0627\u0626\u0634\u0629 \u202E\u05E9\u05DC\u05D5\u05DD"; // Arabic, an RTL override, Hebrew

        HttpResponse<String> response = postSigned(contact(eventId, id, null, first, last, null, null, "2026-11-26T10:00:00Z", false)
                .replace("\"email\":null", "\"email\":\"" + id.toLowerCase() + "@example.com\""));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json.readTree(response.body()).path("eventId").asText()).isEqualTo(eventId);
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        assertThat(customer(id).get("full_name")).isEqualTo(first + " " + last);
        JsonNode payload = json.readTree(lockstep.queryForObject(
                "SELECT CAST(payload AS text) FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId));
        assertThat(payload.toString()).contains(first, last);
    }

    @Test
    void textPostgresqlCannotStoreIsRefusedNotAlteredNorStrippedSilently() throws Exception {
        int before = inboxCount();

        String nul = contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z").replace("\"Ada\"", "\"Ada\\u0000Lovelace\"");
        assertRefused(postSigned(nul), 400, "the field value at /firstName contains the NUL character");
        String nulInName = withField(contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"), "x\\u0000", "1");
        assertRefused(postSigned(nulInName), 400, "the field name at /x\\u0000 contains the NUL character");
        String nested = withField(contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z"),
                "tags", "[\"ok\",{\"deep\":\"\\u0000\"}]");
        assertRefused(postSigned(nested), 400, "at /tags/1/deep contains the NUL character");
        String loneSurrogate = contact(uniqueId("e"), uniqueId("C"), "Ada", "2026-11-26T10:00:00Z").replace("\"Ada\"", "\"Ada\\ud800\"");
        assertRefused(postSigned(loneSurrogate), 400, "unpaired surrogate (\\ud800)");

        assertThat(inboxCount()).isEqualTo(before);
    }

    @Test
    void requestHeadersNamedLikeCamelHeadersHaveNoEffectAndAreNeverEchoed() throws Exception {
        Map<String, String> camelHeaders = Map.of(
                "CamelSqlQuery", "DELETE FROM billing_customer",
                "CamelHttpUri", "http://127.0.0.1:9/elsewhere",
                "CamelHttpResponseCode", "299",
                "CamelJdbcParameters", "customer_ref=B-0001",
                "CamelHttpMethod", "DELETE",
                "lockstepPair", "another-pair",
                "lockstepRawBody", "{}");
        int billingRows = billing.queryForObject("SELECT count(*) FROM billing_customer", Integer.class);
        int before = inboxCount();

        String id = uniqueId("C");
        String eventId = uniqueId("e");
        String body = contact(eventId, id, "Ada", "2026-11-26T10:00:00Z");
        HttpResponse<String> accepted = post(body, signature(now(), body, SECRET), camelHeaders);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertNothingEchoed(accepted, camelHeaders);
        assertThat(awaitOutcome(eventId)).isEqualTo("APPLIED");
        assertThat(lockstep.queryForList("SELECT pair FROM inbox_event WHERE event_id = ?", String.class, eventId))
                .as("the pairs the webhook feeds, whatever the headers said").contains("crm-to-billing").doesNotContain("evil");

        HttpResponse<String> malformed = post("{\"eventId\":", signature(now(), "{\"eventId\":", SECRET), camelHeaders);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertNothingEchoed(malformed, camelHeaders);
        HttpResponse<String> unsigned = http.post(WEBHOOK, "application/json", body, camelHeaders);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertNothingEchoed(unsigned, camelHeaders);

        assertThat(inboxCount()).as("only the valid request was stored").isEqualTo(before + 1);
        assertThat(billing.queryForObject("SELECT count(*) FROM billing_customer", Integer.class))
                .as("no query from a header ran").isEqualTo(billingRows + 1);
        assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref = 'B-0001'")).hasSize(1);
    }

    // --- configuration ------------------------------------------------------------------------

    @Test
    void theSecretsComeFromTheSystemsKeyOrItsEnvironmentVariableAndSeveralAreSeparatedByCommas() {
        assertThat(secrets.of("crm")).containsExactly(OLD_SECRET, SECRET);
        assertThat(secrets.of("billing")).as("no secret: accepted unsigned").isEmpty();

        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("LOCKSTEP_SYSTEMS_CRM_WEBHOOK_SECRET", "current, next ,")));
        assertThat(new WebhookSecrets(environment).of("crm")).containsExactly("current", "next");
    }

    @Test
    void startUpWarnsAboutWebhookSystemsThatAcceptUnsignedRequests(CapturedOutput output) {
        new WebhookSigningReport(mappings, secrets).afterApplicationStart(camel);
        assertThat(output.getOut()).doesNotContain("Webhooks accepted unsigned");

        new WebhookSigningReport(mappings, new WebhookSecrets(new MockEnvironment())).afterApplicationStart(camel);
        assertThat(output.getOut()).contains(
                "Webhooks accepted unsigned (no lockstep.systems.<system>.webhook-secret): crm (route crm-to-billing-webhook)");
    }

    // --- actuator -----------------------------------------------------------------------------

    @Test
    void theActuatorExposesOnlyHealthAndMetrics() throws Exception {
        HttpResponse<String> health = http.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json.readTree(health.body()).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> metrics = http.get("/actuator/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(json.readTree(metrics.body()).path("names").toString()).contains("jvm.memory.used");
        assertThat(http.get("/actuator/metrics/jvm.memory.used").statusCode()).isEqualTo(200);

        for (String hidden : List.of("info", "env", "beans", "configprops", "mappings", "loggers", "heapdump",
                "threaddump", "scheduledtasks", "conditions", "caches", "startup", "camelroutes", "camel")) {
            assertThat(http.get("/actuator/" + hidden).statusCode()).as(hidden).isEqualTo(404);
        }
        assertThat(http.postEmpty("/actuator/shutdown").statusCode()).isEqualTo(404);
        assertThat(http.get("/actuator").body()).doesNotContain("/actuator/info", "/actuator/env");
    }

    // --- helpers ------------------------------------------------------------------------------

    static long now() {
        return Instant.now().getEpochSecond();
    }

    /** The header a CRM would send: computed here with javax.crypto, independently of Lockstep's code. */
    static String signature(long t, String body, String secret) {
        return "t=" + t + ",v1=" + hmac(secret, t, body);
    }

    static String signature(long t, byte[] body, String secret) {
        return "t=" + t + ",v1=" + hmac(secret, t, body);
    }

    static String hmac(String secret, long t, String body) {
        return hmac(secret, t, body.getBytes(StandardCharsets.UTF_8));
    }

    static String hmac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // An empty key is not allowed by SecretKeySpec; a one-byte zero key stands in for "signed with nothing".
            byte[] key = secret.isEmpty() ? new byte[1] : secret.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> postSigned(String body) {
        return post(body, signature(now(), body, SECRET));
    }

    HttpResponse<String> post(String body, String signatureHeader) {
        return post(body, signatureHeader, Map.of());
    }

    HttpResponse<String> post(String body, String signatureHeader, Map<String, String> otherHeaders) {
        Map<String, String> headers = new HashMap<>(otherHeaders);
        headers.put("Lockstep-Signature", signatureHeader);
        return http.post(WEBHOOK, "application/json", body, headers);
    }

    /** Adds {@code "name": rawJson} as the event's last field. */
    static String withField(String event, String name, String rawJson) {
        return event.substring(0, event.lastIndexOf('}')) + ",\"" + name + "\":" + rawJson + "}";
    }

    /** Sends a request's head and part of its body over a plain socket, and returns the answer's head and body. */
    String rawRequest(String framingHeader, byte[] partOfTheBody) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + WEBHOOK + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + framingHeader + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(partOfTheBody);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder answer = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answer.append(line).append('\n');
                if (line.startsWith("{")) {
                    break;
                }
            }
            return answer.toString();
        }
    }

    void assertUnauthorized(HttpResponse<String> response, String message, String eventId, int inboxBefore) throws Exception {
        assertRefused(response, 401, message);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Lockstep-Signature");
        assertThat(inboxRows(eventId)).as("nothing stored for " + eventId).isZero();
        assertThat(inboxCount()).isEqualTo(inboxBefore);
    }

    void assertRefused(HttpResponse<String> response, int status, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json.readTree(response.body()).path("error").asText()).contains(message);
    }

    static void assertNothingEchoed(HttpResponse<String> response, Map<String, String> sent) {
        assertThat(response.headers().map().keySet()).allSatisfy(name ->
                assertThat(name.toLowerCase()).doesNotStartWith("camel").doesNotStartWith("lockstep"));
        assertThat(response.headers().map().values().toString()).doesNotContain(sent.values());
        assertThat(response.body()).doesNotContain("DELETE FROM", "elsewhere");
    }

    /** Rows of crm-to-billing: a request stores its event for every pair it feeds, or for none. */
    int inboxCount() {
        return lockstep.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing'", Integer.class);
    }

    int inboxRows(String eventId) {
        return lockstep.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", Integer.class, eventId);
    }

    Map<String, Object> customer(String id) {
        List<Map<String, Object>> rows = billing.queryForList("SELECT * FROM billing_customer WHERE customer_ref = ?", id);
        assertThat(rows).as("billing customer " + id).hasSize(1);
        return rows.get(0);
    }

    String awaitOutcome(String eventId) {
        return await().atMost(WAIT).until(
                () -> lockstep.queryForObject("SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId),
                status -> !"PENDING".equals(status));
    }
}
