package dev.lockstep.batch;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.pipeline.Outcome;
import java.util.List;
import java.util.Map;

/**
 * What one batch of inbox events comes to.
 *
 * @param writes   the target writes, grouped by statement; at most one per record
 * @param ledger   the records' new ledger entries
 * @param outcomes each batched event's outcome, by inbox row id, in id order
 * @param events   each batched event, by inbox row id (for the log lines and metrics about it)
 * @param slowRows the inbox rows (as polled) to send through the one-by-one route, in id order
 */
public record BatchPlan(List<WriteGroup> writes, List<SyncLedger.Entry> ledger, Map<Long, Outcome> outcomes,
                        Map<Long, ChangeEvent> events, List<Map<String, Object>> slowRows) {

    public int writeCount() {
        return writes.stream().mapToInt(group -> group.parameters().size()).sum();
    }
}
