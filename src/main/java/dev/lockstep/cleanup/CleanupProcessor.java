package dev.lockstep.cleanup;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.pipeline.PipelineProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The cleanup step: normalises the event's fields by its pair's mapping. A record that cannot be
 * cleaned throws {@link InvalidRecordException}, which the pipeline's route configuration sends to
 * the quarantine.
 */
@Component("cleanupProcessor")
public class CleanupProcessor implements Processor {

    private final MappingRegistry mappings;

    public CleanupProcessor(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ChangeEvent event = exchange.getMessage().getMandatoryBody(ChangeEvent.class);
        exchange.getMessage().setBody(RecordCleaner.clean(mappings.get(PipelineProperties.pair(exchange)), event));
    }
}
