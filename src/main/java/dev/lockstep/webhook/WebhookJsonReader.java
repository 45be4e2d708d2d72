package dev.lockstep.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lockstep.config.LockstepProperties;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Parses the webhook body the guard kept (and the signature step checked) into a JSON object, with
 * a reader of its own: Spring's shared ObjectMapper is left as it is, and only webhook bodies — the
 * untrusted input — get the limits. Refused with 400: malformed JSON, JSON nested deeper than
 * {@code lockstep.webhook.max-json-depth}, a string longer than
 * {@code lockstep.webhook.max-string-length}, a field given twice, anything after the object,
 * anything but an object, and text PostgreSQL cannot store ({@link StorableText}).
 */
@Component("webhookJsonReader")
public class WebhookJsonReader implements Processor {

    private final ObjectMapper json;
    private final int maxDepth;
    private final int maxStringLength;

    public WebhookJsonReader(LockstepProperties props) {
        this.maxDepth = props.webhook().maxJsonDepth();
        this.maxStringLength = Math.toIntExact(props.webhook().maxStringLength().toBytes());
        JsonFactory limited = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxStringLength(maxStringLength)
                        .build())
                // {"id":"a","id":"b"} means different things to different readers: refuse it.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = JsonMapper.builder(limited)
                // {"id":"a"} {"id":"b"} is not one JSON object: refuse what follows the first value.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        byte[] body = exchange.getProperty(WebhookRequestGuard.RAW_BODY, byte[].class);
        if (body == null) {
            throw new IllegalStateException("Route " + exchange.getFromRouteId()
                    + " must run the webhookRequestGuard before the webhookJsonReader");
        }
        // Read straight into maps and lists (one pass; a tree converted to a map took two).
        if (!(parse(body) instanceof Map<?, ?> parsed)) {
            throw new WebhookRejection(400, "the body must be a JSON object");
        }
        StorableText.check(parsed);
        exchange.getMessage().setBody(parsed);
    }

    private Object parse(byte[] body) throws IOException {
        try {
            return json.readValue(body, Object.class);
        } catch (StreamConstraintsException e) {
            throw new WebhookRejection(400, limitExceeded(e) + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            // Jackson's own message names its internal source object; say where, in the caller's terms.
            String reason = e.getOriginalMessage().replaceAll("\\s*\\(start marker.*$", "").replaceAll("\\s+", " ");
            throw new WebhookRejection(400, "malformed JSON" + at(e.getLocation()) + ": " + reason);
        }
    }

    private String limitExceeded(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("getMaxNestingDepth")) {
            return "the JSON is nested deeper than " + maxDepth + " levels (lockstep.webhook.max-json-depth)";
        }
        if (message.contains("getMaxStringLength")) {
            return "a JSON string is longer than " + maxStringLength + " characters (lockstep.webhook.max-string-length)";
        }
        return "the JSON exceeds a limit: " + message;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
