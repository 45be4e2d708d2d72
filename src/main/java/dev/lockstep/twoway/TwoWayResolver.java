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
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
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
    public enum Outcome { APPLIED, UNCHANGED, HELD_FOR_CONFLICT, HELD_FOR_APPROVAL, REFUSED, CHANGED_MEANWHILE }

    private static final Logger log = LoggerFactory.getLogger(TwoWayResolver.class);
    private static final int STRIPES = 64;

    private final TwoWaySides sides;
    private final TwoWayLedger ledger;
    private final ConflictStore conflicts;
    private final MassDeleteHolds holds;
    private final MeterRegistry meters;
    // One record is resolved by one thread at a time (the aggregator, the API).
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public TwoWayResolver(TwoWaySides sides, TwoWayLedger ledger, ConflictStore conflicts, MassDeleteHolds holds, MeterRegistry meters) {
        this.sides = sides;
        this.ledger = ledger;
        this.conflicts = conflicts;
        this.holds = holds;
        this.meters = meters;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
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
     * @throws ConcurrentChangeException a system changed the record meanwhile; resolve it again
     */
    public Outcome resolve(String pair, String key, Set<String> restoreOn) {
        Map<String, Outcome> outcomes = resolveAll(pair, List.of(key), restoreOn);
        if (outcomes.get(key) == Outcome.CHANGED_MEANWHILE) {
            throw new ConcurrentChangeException(pair + " " + key + " changed while it was being resolved; resolving again");
        }
        return outcomes.get(key);
    }

    /**
     * Resolves several records of one pair together: each side is read once for all of them, and
     * each side's writes are made together ({@link Side#applyAll}: a Salesforce side sends them as
     * sObject Collections of up to 200). A write a system refuses for one record is recorded as a
     * {@code FAILED} conflict with the system's error; the other records land.
     */
    public Map<String, Outcome> resolveAll(String pair, Collection<String> keys, Set<String> restoreOn) {
        List<ReentrantLock> held = lock(pair, keys);
        try {
            return resolveLocked(pair, keys, restoreOn);
        } finally {
            held.forEach(ReentrantLock::unlock);
        }
    }

    private Map<String, Outcome> resolveLocked(String pair, Collection<String> keys, Set<String> restoreOn) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<String> open = new ArrayList<>();
        for (String key : new LinkedHashSet<>(keys)) {
            if (restoreOn.isEmpty() && holds.isHeld(pair, key)) {
                outcomes.put(key, Outcome.HELD_FOR_APPROVAL);
            } else {
                open.add(key);
            }
        }
        if (open.isEmpty()) {
            return outcomes;
        }
        TwoWayMapping mapping = sides.mapping(pair);
        Side leftSide = sides.store(pair, mapping.left().system());
        Side rightSide = sides.store(pair, mapping.right().system());
        Map<String, SideState> lefts = leftSide.readAll(open);
        Map<String, SideState> rights = rightSide.readAll(open);
        boolean hard = mapping.deletes().policy() == TwoWayMapping.Deletes.Policy.HARD;
        Map<String, List<Side.PendingWrite>> writes = new LinkedHashMap<>();
        writes.put(leftSide.system(), new ArrayList<>());
        writes.put(rightSide.system(), new ArrayList<>());
        try {
            decide(pair, mapping, open, lefts, rights, restoreOn, writes, outcomes);
            write(pair, mapping, List.of(leftSide, rightSide), writes, hard, outcomes);
        } catch (RuntimeException e) {
            // Decided but maybe not written: let the next run's re-read of these records through the echo filter.
            ledger.unsettle(pair, open);
            throw e;
        }
        return outcomes;
    }

    private void decide(String pair, TwoWayMapping mapping, List<String> open, Map<String, SideState> lefts,
                        Map<String, SideState> rights, Set<String> restoreOn, Map<String, List<Side.PendingWrite>> writes,
                        Map<String, Outcome> outcomes) {
        for (String key : open) {
            SideState left = lefts.get(key);
            SideState right = rights.get(key);
            Baseline base = ledger.load(pair, key).orElse(null);
            SideState leftIn = restored(left, base, restoreOn);
            SideState rightIn = restored(right, base, restoreOn);

            Resolution resolution = new MergeEngine(mapping.policies(), mapping.deletes().deleteVsEdit())
                    .merge(base, leftIn, rightIn, conflicts.choices(pair, key));
            if (resolution.held()) {
                conflicts.open(pair, key, resolution.pending());
                log.info("{} {}: held for a person, manual conflict on {}", pair, key,
                        resolution.pending().stream().map(p -> p.field()).toList());
                outcomes.put(key, Outcome.HELD_FOR_CONFLICT);
                continue;
            }
            ledger.decided(pair, key, resolution.merged(), leftIn, rightIn,
                    () -> conflicts.decided(pair, key, resolution.decisions()));
            outcomes.put(key, Outcome.UNCHANGED);
            for (SideState side : List.of(left, right)) {
                SideWrite write = SideWrite.toReach(side, resolution.merged());
                if (write.kind() == SideWrite.Kind.NONE
                        || write.kind() == SideWrite.Kind.DELETE && mapping.deletes().policy() == TwoWayMapping.Deletes.Policy.IGNORE) {
                    continue;
                }
                writes.get(side.system()).add(new Side.PendingWrite(key, side, write));
            }
            if (!resolution.decisions().isEmpty()) {
                log.info("{} {}: {} conflict(s) decided: {}", pair, key, resolution.decisions().size(), resolution.decisions());
            }
        }
    }

    private void write(String pair, TwoWayMapping mapping, List<Side> both, Map<String, List<Side.PendingWrite>> writes, boolean hard,
                       Map<String, Outcome> outcomes) {
        for (Side side : both) {
            List<Side.PendingWrite> pending = writes.get(side.system());
            if (pending.isEmpty()) {
                continue;
            }
            Map<String, Side.Refused> refused = new LinkedHashMap<>();
            side.applyAll(pending, hard).forEach(r -> refused.put(r.key(), r));
            for (Side.PendingWrite w : pending) {
                Side.Refused no = refused.get(w.key());
                if (no != null) {
                    if (no.changedMeanwhile()) {
                        outcomes.put(w.key(), Outcome.CHANGED_MEANWHILE);
                    } else {
                        conflicts.failed(pair, w.key(), mapping.left().system(), mapping.right().system(), side.system(), no.error());
                        log.warn("{} {}: {} refused the write: {}", pair, w.key(), side.system(), no.error());
                        outcomes.put(w.key(), Outcome.REFUSED);
                    }
                    continue;
                }
                SideState after = hard && w.write().kind() == SideWrite.Kind.DELETE ? SideState.absent(side.system()) : w.write().applyTo(w.before());
                ledger.written(pair, w.key(), after);
                meters.counter("lockstep.two-way.writes", "pair", pair, "system", side.system(), "kind", w.write().kind().name()).increment();
                outcomes.merge(w.key(), Outcome.APPLIED, (was, now) -> was == Outcome.UNCHANGED ? now : was);
            }
        }
    }

    /** The records' stripe locks, taken in one order so two batches never wait on each other in a circle. */
    private List<ReentrantLock> lock(String pair, Collection<String> keys) {
        TreeSet<Integer> stripes = new TreeSet<>();
        keys.forEach(k -> stripes.add(Math.floorMod((pair + k).hashCode(), STRIPES)));
        List<ReentrantLock> held = new ArrayList<>();
        for (int stripe : stripes) {
            locks[stripe].lock();
            held.add(locks[stripe]);
        }
        return held;
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
