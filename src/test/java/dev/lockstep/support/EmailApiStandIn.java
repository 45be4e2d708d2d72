package dev.lockstep.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * A local stand-in for the email-marketing API (Mailchimp's list-member resource), one per JVM,
 * shared by the end-to-end tests' one Spring context. By default it accepts every member upsert
 * ({@code PUT /3.0/lists/{list}/members/{hash}} → 200 with the member) and archive
 * ({@code DELETE} → 204); a test stubs its own member's path, with a higher priority, to play
 * failures, rate limits and unsubscribed members.
 */
public final class EmailApiStandIn {

    public static final String LIST_ID = "list-e2e";
    public static final String API_KEY = "test-api-key-us1";
    public static final String MEMBERS = "/3.0/lists/" + LIST_ID + "/members/";
    private static final int DEFAULT_PRIORITY = 10;

    private static WireMockServer server;

    private EmailApiStandIn() {
    }

    public static synchronized WireMockServer get() {
        if (server == null) {
            WireMockServer started = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                    .containerThreads(20));
            started.start();
            started.stubFor(put(urlPathMatching("/3\\.0/lists/[^/]+/members/[0-9a-f]{32}")).atPriority(DEFAULT_PRIORITY)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"status\":\"subscribed\"}")));
            started.stubFor(delete(urlPathMatching("/3\\.0/lists/[^/]+/members/[0-9a-f]{32}")).atPriority(DEFAULT_PRIORITY)
                    .willReturn(aResponse().withStatus(204)));
            warmUp(started);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "email-api-stand-in-stop"));
            server = started;
        }
        return server;
    }

    /** One request before the tests', so a cold server's first answer is not mistaken for a slow API. */
    private static void warmUp(WireMockServer started) {
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + started.port() + "/__admin/mappings")).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException("The email API stand-in does not answer", e);
        }
        started.resetRequests();
    }

    public static String baseUrl() {
        return "http://127.0.0.1:" + get().port() + "/3.0";
    }

    /**
     * The shared context's email settings: the stand-in's URL, and delays short enough for tests
     * (the behaviour is the same as with the defaults, only faster).
     */
    public static String[] properties() {
        return new String[] {
            "lockstep.systems.email.base-url=" + baseUrl(),
            "lockstep.systems.email.list-id=" + LIST_ID,
            "lockstep.systems.email.api-key=" + API_KEY,
            "lockstep.systems.email.retry.maximum-redeliveries=5",
            "lockstep.systems.email.retry.initial-delay=50ms",
            "lockstep.systems.email.retry.maximum-delay=1s",
            "lockstep.systems.email.rate-limit-wait=1s",
            "lockstep.systems.email.circuit-breaker.minimum-number-of-calls=10",
            "lockstep.systems.email.circuit-breaker.sliding-window-size=20",
            "lockstep.systems.email.circuit-breaker.wait-duration-in-open-state=1s",
            "lockstep.http.response-timeout=1500ms",
        };
    }
}
