package dev.lockstep.twoway;

import dev.lockstep.conflict.ConflictStore;
import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.massdelete.MassDeleteHolds;
import dev.lockstep.resolve.Baseline;
import dev.lockstep.resolve.ChangeNotice;
import dev.lockstep.resolve.MergeEngine;
import dev.lockstep.resolve.Resolution;
import dev.lockstep.resolve.SideBaseline;
import dev.lockstep.resolve.SideState;
import dev.lockstep.resolve.SideWrite;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The resolve-and-deliver step of two-way pairs, for one coalesced record: reads both systems'
 * current state, merges it against the ledger's baseline ({@link MergeEngine}), records the
 * decided conflicts and the new baseline, then writes each system that differs from the merged
 * state (conditionally on what was read) and records each write. A record with an open manual
 * conflict is held (nothing written); one whose deletes wait for approval is left alone.
 */
@Component("twoWayResolver")
public class TwoWayResolver implements Processor {

    /** What happened to a record; left in the exchange property {@code lockstepOutcome}. */
    public enum Outcome { APPLIED, UNCHANGED, HELD_FOR_CONFLICT, HELD_FOR_APPROVAL }

    private static final Logger log = LoggerFactory.getLogger(TwoWayResolver.class);
    private static final int STRIPES = 64;

    private final TwoWaySides sides;
    private final TwoWayLedger ledger;
    private final ConflictStore conflicts;
    private final MassDeleteHolds holds;
    private final MeterRegistry meters;
    // One record is resolved by one thread at a time (the aggregator, the API).
    private final Object[] locks = new Object[STRIPES];

    public TwoWayResolver(TwoWaySides sides, TwoWayLedger ledger, ConflictStore conflicts, MassDeleteHolds holds, MeterRegistry meters) {
        this.sides = sides;
        this.ledger = ledger;
        this.conflicts = conflicts;
        this.holds = holds;
        this.meters = meters;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public void process(Exchange exchange) {
        ChangeNotice notice = exchange.getMessage().getBody(ChangeNotice.class);
        Outcome outcome = resolve(notice.pair(), notice.key(), Set.of());
        exchange.setProperty("lockstepOutcome", outcome.name());
    }

    /**
     * Resolves one record now.
     *
     * @param restoreOn systems whose delete of this record was rejected: their side counts as
     *                  unchanged, so the record is written back there
     */
    public Outcome resolve(String pair, String key, Set<String> restoreOn) {
        synchronized (locks[Math.floorMod((pair + key).hashCode(), STRIPES)]) {
            if (restoreOn.isEmpty() && holds.isHeld(pair, key)) {
                return Outcome.HELD_FOR_APPROVAL;
            }
            TwoWayMapping mapping = sides.mapping(pair);
            SideStore leftStore = sides.store(pair, mapping.left().system());
            SideStore rightStore = sides.store(pair, mapping.right().system());
            SideState left = leftStore.read(key);
            SideState right = rightStore.read(key);
            Baseline base = ledger.load(pair, key).orElse(null);
            SideState leftIn = restored(left, base, restoreOn);
            SideState rightIn = restored(right, base, restoreOn);

            Resolution resolution = new MergeEngine(mapping.policies(), mapping.deletes().deleteVsEdit())
                    .merge(base, leftIn, rightIn, conflicts.choices(pair, key));
            if (resolution.held()) {
                conflicts.open(pair, key, resolution.pending());
                log.info("{} {}: held for a person, manual conflict on {}", pair, key,
                        resolution.pending().stream().map(p -> p.field()).toList());
                return Outcome.HELD_FOR_CONFLICT;
            }
            ledger.decided(pair, key, resolution.merged(), leftIn, rightIn,
                    () -> conflicts.decided(pair, key, resolution.decisions()));
            int writes = 0;
            for (SideState side : List.of(left, right)) {
                SideWrite write = SideWrite.toReach(side, resolution.merged());
                if (write.kind() == SideWrite.Kind.NONE
                        || write.kind() == SideWrite.Kind.DELETE && mapping.deletes().policy() == TwoWayMapping.Deletes.Policy.IGNORE) {
                    continue;
                }
                boolean hard = mapping.deletes().policy() == TwoWayMapping.Deletes.Policy.HARD;
                sides.store(pair, side.system()).apply(key, side, write, hard);
                SideState after = hard && write.kind() == SideWrite.Kind.DELETE ? SideState.absent(side.system()) : write.applyTo(side);
                ledger.written(pair, key, after);
                meters.counter("lockstep.two-way.writes", "pair", pair, "system", side.system(), "kind", write.kind().name()).increment();
                writes++;
            }
            if (!resolution.decisions().isEmpty()) {
                log.info("{} {}: {} conflict(s) decided: {}", pair, key, resolution.decisions().size(), resolution.decisions());
            }
            return writes > 0 ? Outcome.APPLIED : Outcome.UNCHANGED;
        }
    }

    /** A side whose delete was rejected takes part as it was at the baseline (live, unchanged). */
    private static SideState restored(SideState side, Baseline base, Set<String> restoreOn) {
        if (!restoreOn.contains(side.system()) || side.live() || base == null) {
            return side;
        }
        SideBaseline was = base.side(side.system());
        Map<String, String> values = was != null && was.live() ? was.values() : base.agreed().values();
        return new SideState(side.system(), true, false, values, side.updatedAt());
    }
}
