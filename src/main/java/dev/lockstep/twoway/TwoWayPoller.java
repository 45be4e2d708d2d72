package dev.lockstep.twoway;

import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.pipeline.PipelineProperties;
import dev.lockstep.poll.KeysetPoller;
import dev.lockstep.poll.PollCursorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The poll step of a two-way pair's scheduled run: reads what changed on both systems since their
 * cursors (with the overlap window), as a list of {@link Observation}s in the body. The cursors
 * reached are kept in the exchange property {@value #CURSORS} and saved by {@code pollCursorCommit}
 * only after every row was handed on.
 */
@Component("twoWayPoller")
public class TwoWayPoller implements Processor {

    public static final String CURSORS = "lockstepPollCursors";
    /** How many rows the run read (before the echo filter). */
    public static final String READ = "lockstepRowsRead";
    private static final Logger log = LoggerFactory.getLogger(TwoWayPoller.class);

    private final TwoWaySides sides;
    private final PollCursorStore cursors;
    private final TwoWayProperties props;

    public TwoWayPoller(TwoWaySides sides, PollCursorStore cursors, TwoWayProperties props) {
        this.sides = sides;
        this.cursors = cursors;
        this.props = props;
    }

    @Override
    public void process(Exchange exchange) {
        String pair = exchange.getProperty(PipelineProperties.PAIR, String.class);
        TwoWayMapping mapping = sides.mapping(pair);
        List<Observation> observations = new ArrayList<>();
        Map<String, KeysetPoller.Result> reached = new LinkedHashMap<>();
        for (TwoWayMapping.SystemTable system : mapping.systems()) {
            Side side = sides.store(pair, system.system());
            KeysetPoller.Result result = side.poll(pair, cursors.load(pair, system.system()), props.overlap(),
                    props.pageSize(), props.maxRowsPerRun(), observations::addAll);
            reached.put(system.system(), result);
        }
        if (log.isDebugEnabled()) {
            log.debug("{}: polled {}", pair, reached);
        }
        exchange.setProperty(CURSORS, reached);
        exchange.setProperty(READ, observations.size());
        exchange.getMessage().setBody(observations);
    }
}
