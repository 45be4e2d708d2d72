package dev.lockstep.twoway;

import dev.lockstep.resolve.ChangeNotice;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands a record to a two-way pair's coalescing route ({@code direct:<pair>-changes}) from outside
 * a poll: after a person resolved a manual conflict, or approved held deletes.
 */
@Component
public class TwoWayChanges {

    private final ProducerTemplate producer;

    public TwoWayChanges(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void submit(String pair, String key, String origin) {
        producer.sendBodyAndProperty("direct:" + pair + "-changes", ChangeNotice.of(pair, key, origin), "lockstepPair", pair);
    }
}
