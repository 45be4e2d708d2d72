package dev.lockstep.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.correlation.EventMdc;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Turns an inbox row, as the {@code sql:} consumer delivers it ({@code id}, {@code payload}), back
 * into the {@link ChangeEvent} that was accepted, and remembers the row id for the later steps.
 */
@Component("inboxReader")
public class InboxReader implements Processor {

    private final ObjectMapper json;

    public InboxReader(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Map<?, ?> row = exchange.getMessage().getMandatoryBody(Map.class);
        exchange.setProperty(PipelineProperties.INBOX_ID, ((Number) row.get("id")).longValue());
        ChangeEvent event = read(json, row);
        EventMdc.put(exchange, event);
        exchange.getMessage().setBody(event);
    }

    /** The event an inbox row holds. */
    public static ChangeEvent read(ObjectMapper json, Map<?, ?> row) throws java.io.IOException {
        return json.readValue(row.get("payload").toString(), ChangeEvent.class);
    }
}
