package dev.lockstep.batch;

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
 * @param received when each batched event was accepted, by inbox row id (for the latency metrics)
 * @param slowRows the inbox rows (as polled) to send through the one-by-one route, in id order
 */
public record BatchPlan(List<WriteGroup> writes, List<SyncLedger.Entry> ledger, Map<Long, Outcome> outcomes,
                        Map<Long, java.time.Instant> received, List<Map<String, Object>> slowRows) {

    public int writeCount() {
        return writes.stream().mapToInt(group -> group.parameters().size()).sum();
    }
}
