package dev.lockstep.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in OpenTelemetry collector: accepts OTLP/HTTP trace exports, {@code POST /v1/traces}
 * (protobuf, as the SDK's exporter sends by default), answers {@code 200} as a collector does, and
 * keeps every request body. Attribute keys and string values travel as UTF-8 in the protobuf, so a
 * test can look for an event id in what arrived without decoding the whole message.
 */
public final class OtlpStandIn implements AutoCloseable {

    private final HttpServer server;
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    private OtlpStandIn(HttpServer server) {
        this.server = server;
    }

    public static OtlpStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpStandIn standIn = new OtlpStandIn(server);
            server.createContext("/v1/traces", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    if (!"POST".equals(exchange.getRequestMethod())) {
                        exchange.sendResponseHeaders(405, -1);
                        return;
                    }
                    standIn.exports.add(body.readAllBytes());
                    // An empty ExportTraceServiceResponse: everything accepted.
                    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                    exchange.sendResponseHeaders(200, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the OTLP stand-in", e);
        }
    }

    /** The base URL, as {@code OTEL_EXPORTER_OTLP_ENDPOINT} names it. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int exportCount() {
        return exports.size();
    }

    /** True when one export so far carries every one of {@code texts} (attribute keys, string values). */
    public boolean received(String... texts) {
        return exports.stream().anyMatch(body -> java.util.Arrays.stream(texts)
                .allMatch(text -> indexOf(body, text.getBytes(StandardCharsets.UTF_8)) >= 0));
    }

    private static int indexOf(byte[] data, byte[] wanted) {
        outer:
        for (int i = 0; i <= data.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (data[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
