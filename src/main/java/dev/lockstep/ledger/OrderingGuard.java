package dev.lockstep.ledger;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.Outcome;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The resolve step of a one-way pair: decides from the ledger whether the event is newer than what
 * the target holds. The rule, which does not depend on the order events arrive in:
 * <ul>
 *   <li>an older source version than the ledger's is {@link Outcome#STALE};</li>
 *   <li>the same version and the same content is {@link Outcome#UNCHANGED} (a duplicate);</li>
 *   <li>the same version with different content: the content with the greater SHA-256 hash wins,
 *       so every replica and every arrival order settles on the same row;</li>
 *   <li>a newer version whose mapped content equals the ledger's is {@link Outcome#UNCHANGED}:
 *       nothing is rewritten, but the ledger's version advances;</li>
 *   <li>anything else is {@link Outcome#APPLIED} (written by the deliver step).</li>
 * </ul>
 */
@Component("orderingGuard")
public class OrderingGuard implements Processor {

    private final SyncLedger ledger;

    public OrderingGuard(SyncLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ChangeEvent event = PipelineProperties.event(exchange);
        TargetRow row = exchange.getProperty(PipelineProperties.TARGET_ROW, TargetRow.class);
        @SuppressWarnings("unchecked")
        Optional<SyncLedger.RecordState> known = exchange.getProperty(PipelineProperties.LEDGER_STATE, Optional.class);
        if (known == null) {
            known = ledger.find(event.pair(), event.sourceId());
        }
        exchange.setProperty(PipelineProperties.OUTCOME, decide(event, row, known));
    }

    public static Outcome decide(ChangeEvent event, TargetRow row, Optional<SyncLedger.RecordState> known) {
        return row.write() == TargetRow.Write.NONE ? Outcome.UNCHANGED : decide(event, row, row.contentHash(), known);
    }

    /** The same, with the row's {@link TargetRow#contentHash()} already computed (a batch needs it again for the ledger). */
    public static Outcome decide(ChangeEvent event, TargetRow row, String contentHash, Optional<SyncLedger.RecordState> known) {
        if (row.write() == TargetRow.Write.NONE) {
            return Outcome.UNCHANGED;
        }
        if (known.isEmpty()) {
            return Outcome.APPLIED;
        }
        SyncLedger.RecordState state = known.get();
        int order = event.sourceVersion().compareTo(state.sourceVersion());
        int content = contentHash.compareTo(state.contentHash());
        if (order < 0) {
            return Outcome.STALE;
        }
        if (content == 0) {
            return Outcome.UNCHANGED;
        }
        if (order == 0 && content < 0) {
            return Outcome.STALE;
        }
        return Outcome.APPLIED;
    }
}
