package dev.lockstep.mapping;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.pipeline.PipelineProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The map step: computes the {@link TargetRow} for the cleaned event and keeps it on the exchange,
 * with the cleaned event. A column that cannot be computed or fails validation quarantines the record.
 */
@Component("mappingProcessor")
public class MappingProcessor implements Processor {

    private final MappingRegistry mappings;
    private final RecordMapper.Links links;

    public MappingProcessor(MappingRegistry mappings, RecordMapper.Links links) {
        this.mappings = mappings;
        this.links = links;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ChangeEvent event = exchange.getMessage().getMandatoryBody(ChangeEvent.class);
        Mapping mapping = mappings.get(PipelineProperties.pair(exchange));
        exchange.setProperty(PipelineProperties.EVENT, event);
        exchange.setProperty(PipelineProperties.TARGET_ROW, RecordMapper.map(mapping, event, links));
    }
}
