package dev.lockstep.webhook;

import dev.lockstep.cleanup.CleanupFailure;
import dev.lockstep.cleanup.Cleaners;
import dev.lockstep.correlation.EventMdc;
import dev.lockstep.deliver.http.PairSwitches;
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
 *
 * <p>One webhook can feed several pairs (the route names the others in {@code lockstepFanOut}):
 * the body becomes the event of the first pair that is on, and the events of the other pairs that
 * are on go in {@code lockstepFanOutEvents}, so the inbox stores them all in the same commit before
 * the answer. A pair that is off (its target is not configured) gets no event.
 */
@Component("webhookEnvelope")
public class WebhookEnvelope implements Processor {

    private final MappingRegistry mappings;
    private final PairSwitches switches;

    public WebhookEnvelope(MappingRegistry mappings, PairSwitches switches) {
        this.mappings = mappings;
        this.switches = switches;
    }

    @Override
    public void process(Exchange exchange) {
        String pair = PipelineProperties.pair(exchange);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = exchange.getMessage().getBody(Map.class);
        Instant receivedAt = Instant.now();
        List<ChangeEvent> events = new ArrayList<>();
        for (String fed : pairsFed(pair, exchange.getProperty(PipelineProperties.FAN_OUT, String.class))) {
            if (switches.isOn(fed)) {
                events.add(toEvent(mappings.get(fed), body, receivedAt));
            }
        }
        if (events.isEmpty()) {
            throw new WebhookRejection(503, "no pair fed by this webhook is on");
        }
        EventMdc.put(exchange, events.get(0));
        exchange.getMessage().setBody(events.get(0));
        exchange.setProperty(PipelineProperties.EVENT_ID, events.get(0).eventId());
        exchange.setProperty(PipelineProperties.FAN_OUT_EVENTS, List.copyOf(events.subList(1, events.size())));
    }

    private static List<String> pairsFed(String pair, String fanOut) {
        List<String> pairs = new ArrayList<>(List.of(pair));
        if (fanOut != null) {
            for (String other : fanOut.split(",")) {
                if (!other.isBlank() && !pairs.contains(other.strip())) {
                    pairs.add(other.strip());
                }
            }
        }
        return pairs;
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
