package dev.lockstep.tablesync;

import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.poll.KeysetPoller;
import dev.lockstep.poll.PollCursor;
import java.util.concurrent.ExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Reads and plans the run's next page ({@link TablePagePlanner}), and starts reading and planning the
 * one after it on the run's read-ahead thread, so that the source read and the mapping of page k+1
 * overlap the target write and the commit of page k. One page ahead at most: memory stays two pages
 * whatever the table's size. The plan is the property {@link TablePage#PROPERTY}, its writes the body;
 * a short page is the last.
 */
@Component("tablePageReader")
public class TablePageReader implements Processor {

    private final MappingRegistry mappings;
    private final TablePagePlanner planner;

    public TablePageReader(MappingRegistry mappings, TablePagePlanner planner) {
        this.mappings = mappings;
        this.planner = planner;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        TableRun run = exchange.getProperty(TableRun.PROPERTY, TableRun.class);
        TablePage page;
        try {
            page = run.next != null ? run.next.get() : readAndPlan(run, run.position);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        boolean more = page.read == run.pair.pageSize();
        run.next = more ? run.readAhead().submit(() -> readAndPlan(run, page.end)) : null;
        exchange.setProperty("lockstepMorePages", more);
        exchange.setProperty(TablePage.PROPERTY, page);
        exchange.getMessage().setBody(page.groups);
    }

    private TablePage readAndPlan(TableRun run, PollCursor after) {
        TablePair table = run.pair;
        return planner.plan(run, KeysetPoller.page(table.polled(mappings.get(table.pair())), after, table.pageSize()), after);
    }
}
