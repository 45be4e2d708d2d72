package dev.lockstep.massdelete;

import dev.lockstep.pipeline.PipelineProperties;
import dev.lockstep.twoway.Observation;
import dev.lockstep.twoway.TwoWayLedger;
import dev.lockstep.twoway.TwoWayLedger.SideEntry;
import dev.lockstep.twoway.TwoWayProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A step of a two-way run, after the echo filter: counts the run's deletes (records live in the
 * ledger, gone on a system now). When they are more than {@code lockstep.two-way.mass-delete-share}
 * of the pair's live records, they are stored as holds (one per system) and taken out of the run;
 * everything else flows on. Deletes of records already held are never counted or passed twice.
 */
@Component("massDeleteGuard")
public class MassDeleteGuard implements Processor {

    private static final Logger log = LoggerFactory.getLogger(MassDeleteGuard.class);

    private final TwoWayLedger ledger;
    private final MassDeleteHolds holds;
    private final TwoWayProperties props;

    public MassDeleteGuard(TwoWayLedger ledger, MassDeleteHolds holds, TwoWayProperties props) {
        this.ledger = ledger;
        this.holds = holds;
        this.props = props;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        String pair = exchange.getProperty(PipelineProperties.PAIR, String.class);
        List<Observation> observations = exchange.getMessage().getBody(List.class);
        Set<String> alreadyHeld = holds.heldRecords(pair);
        List<Observation> passed = new ArrayList<>();
        List<Observation> deletes = new ArrayList<>();
        for (Observation o : observations) {
            if (alreadyHeld.contains(o.system() + "\u0000" + o.key())) {
                continue;
            }
            (isDelete(o) ? deletes : passed).add(o);
        }
        int records = ledger.liveRecords(pair);
        if (!deletes.isEmpty() && records > 0 && deletes.size() > props.massDeleteShare() * records) {
            Map<String, List<String>> bySystem = deletes.stream().collect(Collectors.groupingBy(Observation::system, TreeMap::new,
                    Collectors.mapping(Observation::key, Collectors.toList())));
            bySystem.forEach((system, keys) -> holds.hold(pair, system, keys, deletes.size(), records, props.massDeleteShare()));
            log.warn("{}: {} deletes in one run of {} live records (more than {}%): held for approval (GET /api/mass-deletes)",
                    pair, deletes.size(), records, Math.round(props.massDeleteShare() * 100));
        } else {
            passed.addAll(deletes);
        }
        exchange.getMessage().setBody(passed);
    }

    private boolean isDelete(Observation o) {
        if (o.state().live()) {
            return false;
        }
        SideEntry entry = ledger.entries(o.pair(), o.system(), List.of(o.key())).get(o.key());
        return entry != null && entry.live();
    }
}
