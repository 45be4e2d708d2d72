package dev.lockstep.poll;

import dev.lockstep.pipeline.PipelineProperties;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The last step of a scheduled run: saves the cursors the poll reached (exchange property
 * {@code lockstepPollCursors}: system → {@link KeysetPoller.Result}). A run that failed before this
 * step saves nothing, so its rows are read again by the next run.
 */
@Component("pollCursorCommit")
public class PollCursorCommit implements Processor {

    private final PollCursorStore cursors;

    public PollCursorCommit(PollCursorStore cursors) {
        this.cursors = cursors;
    }

    @Override
    public void process(Exchange exchange) {
        String pair = exchange.getProperty(PipelineProperties.PAIR, String.class);
        @SuppressWarnings("unchecked")
        Map<String, KeysetPoller.Result> reached = exchange.getProperty("lockstepPollCursors", Map.class);
        if (reached == null) {
            return;
        }
        reached.forEach((system, result) -> cursors.save(pair, system, result.cursor(), result.rows()));
        exchange.removeProperty("lockstepPollCursors");
    }
}
