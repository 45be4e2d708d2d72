package dev.lockstep.reconcile;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares two sides by key in one pass (a merge join of two sorted streams): a key on the source
 * side only is {@link Drift.Kind#MISSING}, on the target side only {@link Drift.Kind#ORPHAN}, on
 * both with different hashes {@link Drift.Kind#DIFFERENT}. Memory is one page per side and one
 * batch of drifts, whatever the sides' size. A side that is not in ascending key order (or repeats
 * a key) stops the comparison with an error naming it, rather than reporting false drift.
 */
public final class DriftComparer {

    private final int batchSize;

    public DriftComparer(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.batchSize = batchSize;
    }

    /** Compares the sides, handing drift to the repairer a batch at a time; the report of it all. */
    public DriftReport compare(ReconcileSide source, ReconcileSide target, DriftRepairer repairer) {
        DriftReport report = new DriftReport(source.name(), target.name());
        Ordered s = new Ordered(source);
        Ordered t = new Ordered(target);
        List<Drift> batch = new ArrayList<>();
        KeyHash a = s.next();
        KeyHash b = t.next();
        while (a != null || b != null) {
            Drift drift;
            int order = a == null ? 1 : b == null ? -1 : a.key().compareTo(b.key());
            if (order < 0) {
                report.sourceRecord();
                drift = new Drift(Drift.Kind.MISSING, a.key());
                a = s.next();
            } else if (order > 0) {
                drift = new Drift(Drift.Kind.ORPHAN, b.key());
                b = t.next();
            } else {
                report.sourceRecord();
                drift = java.util.Objects.equals(a.hash(), b.hash()) ? null : new Drift(Drift.Kind.DIFFERENT, a.key());
                a = s.next();
                b = t.next();
            }
            if (drift == null) {
                report.countMatch();
                continue;
            }
            report.add(drift);
            batch.add(drift);
            if (batch.size() >= batchSize) {
                repairer.repair(List.copyOf(batch));
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            repairer.repair(List.copyOf(batch));
        }
        return report;
    }

    /** A side's records, checked to ascend strictly. */
    private static final class Ordered {
        private final ReconcileSide side;
        private final Iterator<KeyHash> records;
        private String last;

        Ordered(ReconcileSide side) {
            this.side = side;
            this.records = side.records();
        }

        KeyHash next() {
            if (!records.hasNext()) {
                return null;
            }
            KeyHash next = records.next();
            if (last != null && last.compareTo(next.key()) >= 0) {
                throw new IllegalStateException(side.name() + " did not list its records in ascending key order: '"
                        + next.key() + "' came after '" + last + "'");
            }
            last = next.key();
            return next;
        }
    }
}
