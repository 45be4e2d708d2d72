package dev.lockstep.tablesync;

import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.poll.KeysetPoller;
import dev.lockstep.poll.PolledRow;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Reads the run's next page (keyset, after its position) into the body; a short page is the last. */
@Component("tablePageReader")
public class TablePageReader implements Processor {

    private final MappingRegistry mappings;

    public TablePageReader(MappingRegistry mappings) {
        this.mappings = mappings;
    }

    @Override
    public void process(Exchange exchange) {
        TableRun run = exchange.getProperty(TableRun.PROPERTY, TableRun.class);
        TablePair table = run.pair;
        List<PolledRow> page = KeysetPoller.page(table.polled(mappings.get(table.pair())), run.position, table.pageSize());
        exchange.setProperty("lockstepMorePages", page.size() == table.pageSize());
        exchange.getMessage().setBody(page);
    }
}
