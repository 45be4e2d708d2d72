package dev.lockstep.echo;

import dev.lockstep.twoway.Observation;
import dev.lockstep.twoway.TwoWayLedger;
import dev.lockstep.twoway.TwoWayLedger.SideEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Drops, from a run's observations, every row whose content hash (synced fields and deleted flag,
 * not its modified-at) equals the hash of what Lockstep last wrote to that system for that record,
 * or of what it last took in from there: an echo of Lockstep's own write, a re-read of the overlap
 * window, or a system touching its modified-at without changing anything. One query per system.
 * Rows identical to one already handed on are dropped too: the overlap window re-reads a row while
 * its record waits in the coalescing window, and handing it on again would restart that window
 * (the aggregator holds it durably already). The number dropped is left in the exchange property
 * {@value #DROPPED}.
 */
@Component("echoFilter")
public class EchoFilter implements Processor {

    public static final String DROPPED = "lockstepEchoesDropped";
    private static final Logger log = LoggerFactory.getLogger(EchoFilter.class);

    private static final int REMEMBERED = 50_000;

    private final TwoWayLedger ledger;
    // pair/system/key → hash of the row last handed on; bounded, oldest forgotten first.
    private final Map<String, String> handedOn = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED;
                }
            });

    public EchoFilter(TwoWayLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        List<Observation> observations = exchange.getMessage().getBody(List.class);
        List<Observation> changes = new ArrayList<>();
        Map<String, List<Observation>> bySystem = observations.stream()
                .collect(Collectors.groupingBy(o -> o.pair() + "\u0000" + o.system()));
        for (List<Observation> group : bySystem.values()) {
            Observation first = group.get(0);
            Map<String, SideEntry> entries = ledger.entries(first.pair(), first.system(),
                    group.stream().map(Observation::key).collect(Collectors.toSet()));
            for (Observation o : group) {
                String id = o.pair() + "\u0000" + o.system() + "\u0000" + o.key();
                String hash = o.state().hash();
                if (!isEcho(o, entries.get(o.key())) && !hash.equals(handedOn.get(id))) {
                    changes.add(o);
                    handedOn.put(id, hash);
                }
            }
        }
        int dropped = observations.size() - changes.size();
        if (dropped > 0) {
            log.debug("Dropped {} echo(es) or unchanged row(s) of {} read", dropped, observations.size());
        }
        exchange.setProperty(DROPPED, dropped);
        exchange.getMessage().setBody(changes);
    }

    /**
     * Forgets that these rows were handed on: a run that failed before its changes were held
     * anywhere durable calls this, so the next run's re-read of them is not dropped as a repeat.
     */
    public void forget(List<Observation> observations) {
        observations.forEach(o -> handedOn.remove(o.pair() + "\u0000" + o.system() + "\u0000" + o.key()));
    }

    static boolean isEcho(Observation o, SideEntry entry) {
        if (entry == null) {
            return false;
        }
        String hash = o.state().hash();
        return hash.equals(entry.writtenHash()) || hash.equals(entry.seenHash());
    }
}
