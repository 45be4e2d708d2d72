package dev.lockstep.webhook;

import dev.lockstep.cleanup.CleanupFailure;
import dev.lockstep.cleanup.Cleaners;
import dev.lockstep.correlation.EventMdc;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.pipeline.PipelineProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns a webhook's JSON object into a {@link ChangeEvent}, reading the event id, record id,
 * version and delete flag from the fields the pair's mapping names. The envelope is what the
 * source guarantees; a missing id or an unreadable version is the caller's error (400), answered
 * before anything is stored.
 */
@Component("webhookEnvelope")
public class WebhookEnvelope implements Processor {

    private final MappingRegistry mappings;

    public WebhookEnvelope(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) {
        String pair = PipelineProperties.pair(exchange);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = exchange.getMessage().getBody(Map.class);
        ChangeEvent event = toEvent(mappings.get(pair), body, Instant.now());
        EventMdc.put(exchange, event);
        exchange.getMessage().setBody(event);
    }

    public static ChangeEvent toEvent(Mapping mapping, Map<String, Object> body, Instant receivedAt) {
        Mapping.Source source = mapping.source();
        List<String> problems = new ArrayList<>();
        String eventId = requiredText(body, source.eventId(), problems);
        String id = requiredText(body, source.id(), problems);
        String versionText = requiredText(body, source.version(), problems);
        Instant version = null;
        if (versionText != null) {
            try {
                version = Cleaners.timestamp(versionText);
            } catch (CleanupFailure e) {
                problems.add("'" + source.version() + "' is " + e.getMessage());
            }
        }
        boolean deleted = false;
        if (source.deleted() != null && body.get(source.deleted()) != null) {
            Object flag = body.get(source.deleted());
            if (!(flag instanceof Boolean b)) {
                problems.add("'" + source.deleted() + "' must be true or false");
            } else {
                deleted = b;
            }
        }
        if (!problems.isEmpty()) {
            throw new WebhookRejection(400, String.join("; ", problems));
        }
        return new ChangeEvent(eventId, mapping.pair(), source.system(), source.entity(), id,
                deleted ? ChangeEvent.Operation.DELETE : ChangeEvent.Operation.UPSERT, body, version, receivedAt);
    }

    private static String requiredText(Map<String, Object> body, String field, List<String> problems) {
        Object value = body.get(field);
        if (value == null || value.toString().isBlank()) {
            problems.add("'" + field + "' is required");
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problems.add("'" + field + "' must be a plain value");
            return null;
        }
        return value.toString().strip();
    }
}
