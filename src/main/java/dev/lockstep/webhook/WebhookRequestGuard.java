package dev.lockstep.webhook;

import dev.lockstep.config.LockstepProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The first step of every webhook route: keeps the allow-listed request headers as exchange
 * properties and drops every header ({@link InboundHeaders}), refuses what must not be read
 * further (413 too large, 415 not JSON, 400 empty), and keeps the body's exact bytes as the
 * exchange property {@link #RAW_BODY} — the bytes the signature is checked over and the JSON is
 * parsed from.
 *
 * <p>The HTTP consumer has copied the body before this step runs; {@link WebhookBodyLimit} is what
 * keeps that copy to at most {@code lockstep.webhook.max-body-size} + 1 bytes. The route's endpoint
 * needs {@code useStreaming: true}, so the copy is of the bytes received, not of text the servlet
 * container decoded.
 */
@Component("webhookRequestGuard")
public class WebhookRequestGuard implements Processor {

    /** The request body exactly as received ({@code byte[]}). */
    public static final String RAW_BODY = "lockstepRawBody";

    private final long maxBytes;

    public WebhookRequestGuard(LockstepProperties props) {
        this.maxBytes = props.webhook().maxBodySize().toBytes();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        InboundHeaders.keepAllowedAndDropAll(exchange);
        String contentType = exchange.getProperty(InboundHeaders.CONTENT_TYPE, String.class);
        Long declaredLength = exchange.getProperty(InboundHeaders.CONTENT_LENGTH, Long.class);

        if (declaredLength != null && declaredLength > maxBytes) {
            throw tooLarge();
        }
        if (!isJson(contentType)) {
            throw new WebhookRejection(415, "Content-Type must be application/json, was "
                    + (contentType == null ? "missing" : "'" + contentType + "'"));
        }
        byte[] body = readAtMost(exchange.getMessage(), maxBytes);
        exchange.setProperty(RAW_BODY, body);
        exchange.getMessage().setBody(body);
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
    }

    /** Reads the body without ever holding more than the limit (chunked requests declare no length). */
    private byte[] readAtMost(Message in, long limit) throws IOException {
        Object body = in.getBody();
        if (body == null) {
            throw new WebhookRejection(400, "the body is empty");
        }
        byte[] bytes;
        if (body instanceof InputStream stream) {
            bytes = stream.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } else if (body instanceof byte[] b) {
            bytes = b;
        } else if (body instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = in.getBody(byte[].class);
        }
        if (bytes == null || bytes.length == 0) {
            throw new WebhookRejection(400, "the body is empty");
        }
        if (bytes.length > limit) {
            throw tooLarge();
        }
        return bytes;
    }

    private WebhookRejection tooLarge() {
        return new WebhookRejection(413, "the body is larger than " + maxBytes + " bytes (lockstep.webhook.max-body-size)");
    }
}
