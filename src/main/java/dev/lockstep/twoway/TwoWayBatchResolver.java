package dev.lockstep.twoway;

import dev.lockstep.pipeline.PipelineProperties;
import dev.lockstep.twoway.TwoWayResolver.Outcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The resolve step of a two-way pair whose systems charge per call (Salesforce): instead of
 * coalescing each record in a time window, a run's changes are resolved together, in batches of
 * {@code lockstep.two-way.batch-size} (200, the most one sObject Collections call takes), so one
 * batch costs one read and one write call per remote system. The run's observations are the body;
 * the outcomes by kind are left in the exchange property {@value #OUTCOMES}. A record that changed
 * while it was being resolved is resolved again on its own (a few times, then left to the next run).
 */
@Component("twoWayBatchResolver")
public class TwoWayBatchResolver implements Processor {

    public static final String OUTCOMES = "lockstepOutcomes";
    private static final int AGAIN = 3;

    private final TwoWayResolver resolver;
    private final int batchSize;

    public TwoWayBatchResolver(TwoWayResolver resolver, TwoWayProperties props) {
        this.resolver = resolver;
        this.batchSize = props.batchSize();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        String pair = exchange.getProperty(PipelineProperties.PAIR, String.class);
        List<Observation> observations = exchange.getMessage().getBody(List.class);
        Set<String> keys = new LinkedHashSet<>();
        observations.forEach(o -> keys.add(o.key()));
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += batchSize) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + batchSize));
            resolver.resolveAll(pair, batch, Set.of()).forEach((key, outcome) -> {
                Outcome end = outcome;
                for (int i = 0; i < AGAIN && end == Outcome.CHANGED_MEANWHILE; i++) {
                    end = resolver.resolveAll(pair, List.of(key), Set.of()).get(key);
                }
                counts.merge(end, 1, Integer::sum);
            });
        }
        exchange.setProperty(OUTCOMES, counts);
    }
}
