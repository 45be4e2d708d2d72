package dev.lockstep.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.config.LockstepProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The first step of every webhook route: refuses what must not be stored (413 too large, 415 not
 * JSON, 400 malformed JSON or not an object), then drops every request header, so nothing a caller
 * sends can set a Camel header, and leaves the parsed JSON object as the body.
 */
@Component("webhookRequestGuard")
public class WebhookRequestGuard implements Processor {

    private final ObjectMapper json;
    private final long maxBytes;
    private final WebhookAdmission admission;

    public WebhookRequestGuard(ObjectMapper json, LockstepProperties props, WebhookAdmission admission) {
        this.json = json;
        this.maxBytes = props.webhook().maxBodySize().toBytes();
        this.admission = admission;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        Long declaredLength = in.getHeader("Content-Length", Long.class);
        in.removeHeaders("*");

        if (!admission.accepting()) {
            throw new WebhookRejection(503, "Lockstep is shutting down; the event was not accepted, send it again");
        }
        if (declaredLength != null && declaredLength > maxBytes) {
            throw tooLarge();
        }
        if (!isJson(contentType)) {
            throw new WebhookRejection(415, "Content-Type must be application/json, was "
                    + (contentType == null ? "missing" : "'" + contentType + "'"));
        }
        byte[] body = readAtMost(in, maxBytes);
        JsonNode parsed;
        try {
            parsed = json.readTree(body);
        } catch (JsonProcessingException e) {
            // Jackson's own message names its internal source object; say where, in the caller's terms.
            String reason = e.getOriginalMessage().replaceAll("\\s*\\(start marker.*$", "").replaceAll("\\s+", " ");
            throw new WebhookRejection(400, "malformed JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + reason);
        }
        if (parsed == null || !parsed.isObject()) {
            throw new WebhookRejection(400, "the body must be a JSON object");
        }
        in.setBody(json.convertValue(parsed, Map.class));
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
