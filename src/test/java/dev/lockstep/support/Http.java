package dev.lockstep.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client for tests, so each request carries exactly the headers the test names. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> post(String path, String contentType, String body, Map<String, String> headers) {
        return post(path, contentType, HttpRequest.BodyPublishers.ofString(body), headers);
    }

    /** Posts exactly these bytes (for bodies that are not valid UTF-8, or must be signed byte for byte). */
    public HttpResponse<String> post(String path, String contentType, byte[] body, Map<String, String> headers) {
        return post(path, contentType, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    private HttpResponse<String> post(String path, String contentType, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpResponse<String> postJson(String path, String body) {
        return post(path, "application/json", body, Map.of());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).DELETE().build());
    }

    public HttpResponse<String> postEmpty(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        }
    }
}
