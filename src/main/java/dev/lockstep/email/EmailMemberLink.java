package dev.lockstep.email;

import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.cleanup.Violation;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The match step of an email-list pair: decides which list member an event addresses. The mapping's
 * key column is the member's e-mail address, and the ledger remembers the address last written for
 * each source record, so:
 * <ul>
 *   <li>a known record addresses the member it was written to, even when its e-mail changed (the
 *       request then carries the new address, and the API renames the member);</li>
 *   <li>a delete, which carries no e-mail, addresses the member the ledger linked; a delete of a
 *       record never synced has no member and writes nothing;</li>
 *   <li>a second source record with an address another record already holds is quarantined as a
 *       duplicate pair, never merged into the other's member.</li>
 * </ul>
 */
@Component("emailMemberLink")
public class EmailMemberLink implements Processor {

    /** The e-mail address of the list member the request goes to (before any change). */
    public static final String MEMBER = "lockstepEmailMember";

    private final SyncLedger ledger;

    public EmailMemberLink(SyncLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) {
        ChangeEvent event = PipelineProperties.event(exchange);
        TargetRow row = exchange.getProperty(PipelineProperties.TARGET_ROW, TargetRow.class);
        Optional<SyncLedger.RecordState> known = ledger.find(event.pair(), event.sourceId());
        exchange.setProperty(PipelineProperties.LEDGER_STATE, known);
        String linked = known.map(SyncLedger.RecordState::targetId).filter(a -> !a.isBlank()).orElse(null);
        String address = linked != null ? linked : blankToNull(row.key());
        if (address == null) {
            // Only a delete gets here (an upsert without an address is quarantined by the map step).
            exchange.setProperty(PipelineProperties.TARGET_ROW, new TargetRow(TargetRow.Write.NONE, row.table(), row.keyColumn(),
                    row.syncedAtColumn(), row.withKey("").values()));
            return;
        }
        if (row.write() == TargetRow.Write.UPSERT && !row.key().equals(linked)) {
            Optional<String> other = ledger.sourceLinkedTo(event.pair(), row.key()).filter(o -> !o.equals(event.sourceId()));
            if (other.isPresent()) {
                throw new InvalidRecordException(List.of(new Violation(row.keyColumn(), row.key(),
                        "duplicate of source record " + other.get() + " (same e-mail address), already linked to that list member")));
            }
        }
        exchange.setProperty(MEMBER, address);
        exchange.setProperty(PipelineProperties.TARGET_ROW, row.key() == null ? row.withKey(address) : row);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
