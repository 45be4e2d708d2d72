package dev.lockstep.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.event.ChangeEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the webhook's answer: 202 once the event is committed to the inbox (also for a repeated
 * event id), the rejection's status for a refused request (401 naming the signature scheme), 503 when the event could not be stored.
 * It clears every header first, because the HTTP consumer echoes exchange headers back to the caller.
 */
@Component("webhookResponder")
public class WebhookResponder implements Processor {

    private static final Logger log = LoggerFactory.getLogger(WebhookResponder.class);

    private final ObjectMapper json;

    public WebhookResponder(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Map<String, Object> answer = new LinkedHashMap<>();
        int status;
        Integer retryAfter = null;
        if (failure instanceof WebhookRejection rejection) {
            status = rejection.status();
            answer.put("error", rejection.getMessage());
            retryAfter = status == 503 ? 5 : null;
        } else if (failure != null) {
            log.warn("Webhook event not accepted: {}", failure.toString());
            status = 503;
            retryAfter = 5;
            answer.put("error", "the event could not be stored; it was not accepted, send it again");
        } else {
            ChangeEvent event = exchange.getMessage().getMandatoryBody(ChangeEvent.class);
            boolean duplicate = exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
            status = 202;
            answer.put("status", duplicate ? "duplicate" : "accepted");
            answer.put("eventId", event.eventId());
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (status == 202) {
            // Accepted: the answer goes out with a Content-Length in one write, where chunked it took two
            // (the chunk, flushed, then the last chunk), a fifth of a webhook's CPU. A refusal stays
            // chunked: its flush sends it at once, while the server would otherwise first read (and
            // discard) the rest of a body it refused unread, e.g. a declared 10 MB.
            out.setHeader(Exchange.HTTP_CHUNKED, false);
        }
        if (retryAfter != null) {
            out.setHeader("Retry-After", retryAfter);
        }
        if (status == 401) {
            // HTTP requires a 401 to name the scheme that would be accepted.
            out.setHeader("WWW-Authenticate", SignatureHeader.NAME);
        }
        out.setBody(json.writeValueAsString(answer));
    }
}
